package io.backupsidecar.domain.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What a restore did (failures are {@link BackupException}s). */
public sealed interface RestoreOutcome
    permits RestoreOutcome.Restored,
        RestoreOutcome.AlreadyInPlace,
        RestoreOutcome.DryRunPlan,
        RestoreOutcome.NothingToRestore {

  /** The target. */
  Path target();

  /**
   * The target was put back to the snapshot's state.
   *
   * @param target the target
   * @param from the snapshot restored
   * @param kind the kind restored
   * @param integrityVerified whether the payload's hash was checked against the sidecar
   * @param captured the snapshot of the state replaced, or null when capture was off
   * @param metadataNotRestored extended attributes of the snapshot that could not be put back (not
   *     permitted for this user, or not supported by the filesystem): the restore put everything
   *     else back and says so, instead of claiming the whole state
   */
  record Restored(
      Path target,
      SnapshotEntry from,
      PriorKind kind,
      boolean integrityVerified,
      Snapshot captured,
      List<String> metadataNotRestored)
      implements RestoreOutcome {
    /** Copies the list. */
    public Restored {
      metadataNotRestored = List.copyOf(metadataNotRestored);
    }

    /** A restore that put every part of the state back. */
    public Restored(
        Path target,
        SnapshotEntry from,
        PriorKind kind,
        boolean integrityVerified,
        Snapshot captured) {
      this(target, from, kind, integrityVerified, captured, List.of());
    }

    /** The capture, if one was taken. */
    public Optional<Snapshot> capture() {
      return Optional.ofNullable(captured);
    }
  }

  /**
   * The target already is the snapshot's state (same bytes and mode, same link, or absent): nothing
   * was changed or captured.
   *
   * @param target the target
   * @param from the snapshot selected
   */
  record AlreadyInPlace(Path target, SnapshotEntry from) implements RestoreOutcome {}

  /**
   * A dry run: what a real restore would do; nothing was touched.
   *
   * @param target the target
   * @param from the snapshot that would be restored
   * @param kind the kind that would be restored
   * @param wouldCapture whether the current state would be captured first
   */
  record DryRunPlan(Path target, SnapshotEntry from, PriorKind kind, boolean wouldCapture)
      implements RestoreOutcome {}

  /**
   * Best-effort restore found no complete snapshot and did nothing.
   *
   * @param target the target
   */
  record NothingToRestore(Path target) implements RestoreOutcome {}
}
