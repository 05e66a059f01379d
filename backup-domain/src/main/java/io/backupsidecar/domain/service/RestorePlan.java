package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Snapshot;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.model.SnapshotListing;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.Hasher;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The write-back of a dry run: reads and checks the payload exactly as the real run would (bytes,
 * then metadata), plans the capture, and writes nothing.
 */
final class RestorePlan {
  private final Hasher hasher;
  private final PayloadVerification verification;
  private final RestoreCapture capture;

  RestorePlan(Hasher hasher, PayloadVerification verification, RestoreCapture capture) {
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.verification = Objects.requireNonNull(verification, "verification");
    this.capture = Objects.requireNonNull(capture, "capture");
  }

  /**
   * What the real run would do; {@code durable} says what it would ask for.
   *
   * @param listed the restore's listing of the target's snapshots (the capture's stamp follows it)
   */
  WriteBack.Result plan(
      ArtifactDirectory dir,
      SnapshotEntry entry,
      Sidecar.Prior prior,
      NodeState payload,
      ContentHash expected,
      Policy policy,
      SnapshotListing listed)
      throws BackupException {
    boolean durable = policy.requireBackupDurability();
    if (!(prior instanceof Sidecar.PriorFile f)) {
      Optional<Snapshot> captured = capture.take(dir, entry.target(), policy, true, listed);
      return new WriteBack.Result(null, false, 0, 0, 0, durable, captured, List.of());
    }
    long start = System.nanoTime();
    ContentHash actual = RestoreFailures.hash(dir, hasher, entry.payload(), entry.target());
    boolean verified = verification.checkHash(entry, expected, actual, policy);
    if (f.metadataHash() != null) {
      try {
        verification.checkMetadata(entry, f, dir.xattrs(Directories.name(entry.payload())), policy);
      } catch (IOException e) {
        throw RestoreFailures.failed(
            entry.target(),
            String.format("cannot read the extended attributes of %s: %s", entry.payload(), e),
            e);
      }
    }
    long nanos = System.nanoTime() - start;
    Optional<Snapshot> captured = capture.take(dir, entry.target(), policy, true, listed);
    return new WriteBack.Result(
        actual,
        verified,
        ((NodeState.RegularFile) payload).size(),
        nanos,
        0,
        durable,
        captured,
        List.of());
  }
}
