package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Remedy;
import io.backupsidecar.domain.model.Snapshot;
import io.backupsidecar.domain.model.SnapshotListing;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.Hasher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The capture of the state a restore replaces (DESIGN §5), so that a restore can itself be undone:
 * a snapshot marked as a restore's capture, taken in the directory the restore holds, once the
 * payload has been staged and checked and just before the target is replaced (a refused restore
 * leaves no capture behind).
 *
 * <p>A regular file about to be replaced by a rename (or removed, for a snapshot of nothing) need
 * not be copied: where the backend can, it is held in place ({@link #hold}) before the restore
 * stages the snapshot's bytes, hashed while they are copied, and its inode becomes the capture's
 * payload under a second name; the rename or removal then leaves it that name alone. Otherwise
 * (other hard links, another owner, a backend without the ability) the capture copies the file, as
 * any snapshot does.
 */
final class RestoreCapture {
  private final SnapshotService snapshots;
  private final Hasher hasher;

  RestoreCapture(SnapshotService snapshots, Hasher hasher) {
    this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
  }

  /**
   * Holds the target in place for the capture to come, and starts hashing it.
   *
   * @param current what the restore found at the target
   * @return the hold, or empty when no capture is asked for, the target is not a regular file, or
   *     the backend copies instead (a failure to hold is not an error: the capture copies, and
   *     reports its own failure if that fails too)
   */
  Optional<CaptureHold> hold(ArtifactDirectory dir, Path target, NodeState current, Policy policy) {
    if (!policy.captureRestoreSnapshot() || !(current instanceof NodeState.RegularFile file)) {
      return Optional.empty();
    }
    try {
      return dir.holdInPlace(Targets.name(target), file, hasher)
          .map(held -> new CaptureHold(held, file));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Snapshots the state about to be replaced (or, in a dry run, plans to).
   *
   * @param hold the target held in place by {@link #hold}, if it was: the capture takes it as its
   *     payload when the target is still that file
   * @param listed the restore's listing of the target's snapshots, which the capture's stamp
   *     follows (the directory is not listed again), or {@code null} to list it
   * @return the capture, or empty when the policy asks for none
   * @throws BackupException {@link io.backupsidecar.domain.model.ErrorId#E_RESTORE_FAILED}: the
   *     capture is a step of the restore, and a restore that fails exits as one, not as a snapshot
   */
  Optional<Snapshot> take(
      ArtifactDirectory dir,
      Path target,
      Policy policy,
      boolean dryRun,
      Optional<CaptureHold> hold,
      SnapshotListing listed)
      throws BackupException {
    if (!policy.captureRestoreSnapshot()) {
      return Optional.empty();
    }
    try {
      return Optional.of(snapshots.capture(dir, target, policy, dryRun, hold.orElse(null), listed));
    } catch (BackupException e) {
      throw RestoreFailures.failed(
          target,
          String.format(
              "cannot capture the current state of %s before restoring it (%s); %s",
              target, e.getMessage(), RestoreFailures.UNTOUCHED),
          e,
          Remedy.SKIP_CAPTURE);
    }
  }

  /** {@link #take} without a hold. */
  Optional<Snapshot> take(
      ArtifactDirectory dir, Path target, Policy policy, boolean dryRun, SnapshotListing listed)
      throws BackupException {
    return take(dir, target, policy, dryRun, Optional.empty(), listed);
  }
}
