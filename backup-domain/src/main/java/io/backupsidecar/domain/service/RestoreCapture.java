package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Remedy;
import io.backupsidecar.domain.model.Snapshot;
import io.backupsidecar.domain.port.ArtifactDirectory;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The capture of the state a restore replaces (DESIGN §5), so that a restore can itself be undone:
 * a snapshot marked as a restore's capture, taken in the directory the restore holds, once the
 * payload has been staged and checked and just before the target is replaced (a refused restore
 * leaves no capture behind).
 */
final class RestoreCapture {
  private final SnapshotService snapshots;

  RestoreCapture(SnapshotService snapshots) {
    this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
  }

  /**
   * Snapshots the state about to be replaced (or, in a dry run, plans to).
   *
   * @return the capture, or empty when the policy asks for none
   * @throws BackupException {@link io.backupsidecar.domain.model.ErrorId#E_RESTORE_FAILED}: the
   *     capture is a step of the restore, and a restore that fails exits as one, not as a snapshot
   */
  Optional<Snapshot> take(ArtifactDirectory dir, Path target, Policy policy, boolean dryRun)
      throws BackupException {
    if (!policy.captureRestoreSnapshot()) {
      return Optional.empty();
    }
    try {
      return Optional.of(snapshots.capture(dir, target, policy, dryRun));
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
}
