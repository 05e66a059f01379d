package io.backupsidecar.domain.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a restore to another path did (or, in a dry run, would do): the snapshot's state written at
 * {@code to}, the target and its snapshots untouched.
 *
 * @param target the target whose snapshot was taken
 * @param to the path written
 * @param entry the snapshot used
 * @param kind what the snapshot records: a file, a symlink or nothing (then {@code to} is removed)
 * @param verified whether the bytes written were checked against the sidecar's hash
 * @param ownerApplied whether {@code to} has the recorded owner (false when the process may not
 *     give a file away: it is then the restorer's, as {@code cp} leaves it)
 * @param notRestored recorded extended attributes that could not be put back
 * @param durable whether the file (or link) and its directory were flushed to disk
 * @param dryRun whether nothing was written
 */
public record RestoredElsewhere(
    Path target,
    Path to,
    SnapshotEntry entry,
    PriorKind kind,
    boolean verified,
    boolean ownerApplied,
    List<String> notRestored,
    boolean durable,
    boolean dryRun) {
  /** Copies the list. */
  public RestoredElsewhere {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(kind, "kind");
    notRestored = List.copyOf(notRestored);
  }
}
