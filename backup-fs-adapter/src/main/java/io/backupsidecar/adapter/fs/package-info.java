/**
 * Adapter ring: {@code java.nio.file} implementations of the domain's filesystem ports
 * ({@code NodeInspector}, {@code ArtifactStore}, {@code Durability}, {@code Hasher}). They work
 * on whatever {@link java.nio.file.FileSystem} a path belongs to (the default one, Jimfs, ...)
 * and never look up a filesystem of their own.
 */
package io.backupsidecar.adapter.fs;
