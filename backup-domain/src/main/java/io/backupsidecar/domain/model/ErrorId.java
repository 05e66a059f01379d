package io.backupsidecar.domain.model;

/**
 * The one table of stable error ids and the process exit code each maps to (DESIGN §8).
 *
 * <p>Ids are part of the public contract: they appear on stderr, in facts and in exit codes. Add
 * one only together with a row in DESIGN §8 and the README.
 */
public enum ErrorId {
  /** Anything not covered below. */
  E_GENERIC(1),
  /** A bad command line. */
  E_USAGE(2),
  /** Input or policy refused: invalid tag, name too long, unsafe path. */
  E_POLICY(10),
  /** No complete snapshot to restore (value fixed by the seed). */
  E_BACKUP_MISSING(60),
  /** A snapshot could not be written, or not made durable when that is required. */
  E_SNAPSHOT_FAILED(62),
  /** The target is a directory, FIFO, socket or device. */
  E_UNSUPPORTED_NODE(64),
  /** Restore failed: integrity mismatch, payload of the wrong kind, write-back failed. */
  E_RESTORE_FAILED(70),
  /** {@code verify} found a corrupt or incomplete snapshot. */
  E_VERIFY_FAILED(75),
  /** A guarded mutation failed and was rolled back. */
  E_MUTATION_FAILED(80);

  private final int exitCode;

  ErrorId(int exitCode) {
    this.exitCode = exitCode;
  }

  /** The process exit code the command line uses for this error. */
  public int exitCode() {
    return exitCode;
  }
}
