package io.backupsidecar.domain.model;

import java.util.List;

/**
 * The outcome of a verify run.
 *
 * @param checked how many snapshots were checked
 * @param damaged the findings with problems
 * @param unreadable paths that could not be inspected or listed, with the reason
 */
public record VerifySummary(int checked, List<VerifyFinding> damaged, List<String> unreadable) {
  /** Copies the lists. */
  public VerifySummary {
    damaged = List.copyOf(damaged);
    unreadable = List.copyOf(unreadable);
  }

  /** Whether every snapshot is sound and every path could be read. */
  public boolean allSound() {
    return damaged.isEmpty() && unreadable.isEmpty();
  }
}
