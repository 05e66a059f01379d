package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.ExtendedAttributes;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Remedy;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.port.Hasher;
import java.util.Objects;
import java.util.Optional;

/**
 * The payload checks of a restore: its kind before anything is read ({@link PayloadChecks}, shared
 * with verify), then its bytes and its metadata against the sidecar. A mismatch is refused unless
 * integrity is relaxed ({@link Policy#requireSidecarIntegrity()}); every refusal leaves the target
 * as it was.
 */
final class PayloadVerification {
  private final Hasher hasher;

  PayloadVerification(Hasher hasher) {
    this.hasher = Objects.requireNonNull(hasher, "hasher");
  }

  /** Refuses a payload that is missing, of another kind, or (strictly) unhashed or resized. */
  void checkKind(SnapshotEntry entry, Sidecar.Prior prior, NodeState payload, Policy policy)
      throws BackupException {
    Optional<String> problem = PayloadChecks.problem(entry, prior, payload, policy);
    if (problem.isPresent()) {
      boolean unhashed = prior instanceof Sidecar.PriorFile f && f.payloadHash() == null;
      throw RestoreFailures.failed(
          entry.target(),
          problem.get() + "; " + RestoreFailures.UNTOUCHED,
          null,
          unhashed ? new Remedy[] {Remedy.ALLOW_UNHASHED} : new Remedy[0]);
    }
  }

  /**
   * Checks the payload's bytes against the hash its sidecar records.
   *
   * @return whether the hash was checked and matched (false when the sidecar records none, or
   *     integrity is relaxed and it did not match)
   */
  boolean checkHash(SnapshotEntry entry, ContentHash expected, ContentHash actual, Policy policy)
      throws BackupException {
    if (expected == null) {
      return false;
    }
    if (expected.equals(actual)) {
      return true;
    }
    if (policy.requireSidecarIntegrity()) {
      throw RestoreFailures.failed(
          entry.target(),
          String.format(
              "payload %s does not match its sidecar: SHA-256 is %s, the sidecar records %s; it "
                  + "was changed or damaged, and %s",
              entry.payload(), actual.hex(), expected.hex(), RestoreFailures.UNTOUCHED),
          null);
    }
    return false;
  }

  /** Tampered or damaged metadata is refused like tampered bytes (unless integrity is relaxed). */
  void checkMetadata(
      SnapshotEntry entry, Sidecar.PriorFile f, ExtendedAttributes xattrs, Policy policy)
      throws BackupException {
    Optional<String> problem =
        MetadataDigest.problem(hasher, f, xattrs, entry.payload().toString());
    if (problem.isPresent() && policy.requireSidecarIntegrity()) {
      throw RestoreFailures.failed(
          entry.target(), problem.get() + "; " + RestoreFailures.UNTOUCHED, null);
    }
  }
}
