package io.backupsidecar.domain.model;

import java.util.Objects;

/**
 * A listed snapshot and what its sidecar says, read once: what {@code list} shows.
 *
 * @param entry the snapshot
 * @param sidecar its sidecar, decoded; null when there is none (incomplete) or it is unreadable
 * @param unreadable why the sidecar could not be read or decoded; null when it was
 * @param untrusted why restore and retention would not act on it (not trusted, names another
 *     target); null when they would
 */
public record ExaminedSnapshot(
    SnapshotEntry entry, Sidecar sidecar, SidecarProblem unreadable, SidecarProblem untrusted) {
  /** Checks the entry is there. */
  public ExaminedSnapshot {
    Objects.requireNonNull(entry, "entry");
  }
}
