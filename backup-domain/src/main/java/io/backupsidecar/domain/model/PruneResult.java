package io.backupsidecar.domain.model;

import java.nio.file.Path;
import java.util.List;

/**
 * What prune removed and kept for one target.
 *
 * @param target the target
 * @param pruned complete snapshots removed (or that a dry run would remove), newest first
 * @param retained complete snapshots kept, newest first
 * @param leftovers file names of incomplete snapshots and temporaries removed
 * @param ignored artifacts seen and neither counted nor removed, each with why (a sidecar not
 *     trusted or not readable, a stamp that does not fit the rule or lies beyond the clock)
 */
public record PruneResult(
    Path target,
    List<SnapshotEntry> pruned,
    List<SnapshotEntry> retained,
    List<String> leftovers,
    List<String> ignored) {
  /** Copies the lists. */
  public PruneResult {
    pruned = List.copyOf(pruned);
    retained = List.copyOf(retained);
    leftovers = List.copyOf(leftovers);
    ignored = List.copyOf(ignored);
  }

  /** A result with nothing ignored. */
  public PruneResult(
      Path target,
      List<SnapshotEntry> pruned,
      List<SnapshotEntry> retained,
      List<String> leftovers) {
    this(target, pruned, retained, leftovers, List.of());
  }
}
