/**
 * Application ring, command line: the {@code backup} command (picocli), a thin shell over the
 * embedding API that maps failures to the exit codes of the error table.
 */
package io.backupsidecar.app.cli;
