/**
 * Application ring, composition root: wires the adapters to the domain services with {@code new}
 * and offers the embedding API ({@link io.backupsidecar.app.Backup}).
 */
package io.backupsidecar.app;
