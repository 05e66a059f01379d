package io.backupsidecar.domain.model;

/**
 * What a flush did. A flush that was attempted and failed is an {@code IOException}, never a value:
 * this says only whether the backend can flush at all.
 */
public enum FlushResult {
  /** The data (or directory entry) reached stable storage, as far as the OS says. */
  FLUSHED,
  /** The backend cannot flush this (an in-memory filesystem, a directory on some OSes). */
  NOT_SUPPORTED;

  /** Combines two results: flushed only if both were. */
  public FlushResult and(FlushResult other) {
    return this == FLUSHED && other == FLUSHED ? FLUSHED : NOT_SUPPORTED;
  }
}
