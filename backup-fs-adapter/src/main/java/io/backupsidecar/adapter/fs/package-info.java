/**
 * Adapter ring: {@code java.nio.file} implementations of the domain's filesystem ports ({@code
 * NodeInspector}, {@code ArtifactStore} with its {@code ArtifactDirectory} and {@code StagedFile},
 * {@code Durability}, {@code Hasher}). They work on whatever {@link java.nio.file.FileSystem} a
 * path belongs to (the default one on JDK 17-21, Jimfs, providers that wrap another) and never look
 * up a filesystem of their own. As safe as NIO allows: a held {@link
 * java.nio.file.SecureDirectoryStream} where the provider has one, file-key checks around what NIO
 * can only do by name, and StrictModes when running as root.
 */
package io.backupsidecar.adapter.fs;
