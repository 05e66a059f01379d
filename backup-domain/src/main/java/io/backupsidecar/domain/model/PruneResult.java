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
 */
public record PruneResult(Path target, List<SnapshotEntry> pruned, List<SnapshotEntry> retained,
    List<String> leftovers) {
  /** Copies the lists. */
  public PruneResult {
    pruned = List.copyOf(pruned);
    retained = List.copyOf(retained);
    leftovers = List.copyOf(leftovers);
  }
}
