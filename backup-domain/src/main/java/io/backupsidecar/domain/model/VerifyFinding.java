package io.backupsidecar.domain.model;

import java.util.List;
import java.util.Objects;

/**
 * The verdict on one snapshot.
 *
 * @param entry the snapshot
 * @param kind the kind its sidecar records, or null when the sidecar could not be read
 * @param problems what is wrong, one sentence each naming the file; empty when sound
 */
public record VerifyFinding(SnapshotEntry entry, PriorKind kind, List<String> problems) {
  /** Copies the list. */
  public VerifyFinding {
    Objects.requireNonNull(entry, "entry");
    problems = List.copyOf(problems);
  }

  /** Whether nothing is wrong. */
  public boolean isSound() {
    return problems.isEmpty();
  }
}
