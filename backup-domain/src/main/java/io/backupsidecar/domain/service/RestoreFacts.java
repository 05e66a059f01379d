package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.model.FactField;
import io.backupsidecar.domain.model.FactOutcome;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Snapshot;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.port.FactEmitter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The {@code restore.result} facts of a run that did not fail (a failure is {@link Failures}): one
 * per run, sharing what the run saw ({@link Run}).
 */
final class RestoreFacts {
  private final FactEmitter facts;

  RestoreFacts(FactEmitter facts) {
    this.facts = Objects.requireNonNull(facts, "facts");
  }

  /**
   * What every restore fact of one run shares.
   *
   * @param target the target restored
   * @param policy the policy it ran with
   * @param dryRun whether it was a dry run
   * @param ignored what the selection passed over, each with why
   */
  record Run(Path target, Policy policy, boolean dryRun, List<String> ignored) {
    Run {
      ignored = List.copyOf(ignored);
    }

    private Fact.Builder fact(FactOutcome outcome) {
      return Fact.builder(FactEvent.RESTORE_RESULT, dryRun)
          .put(FactField.PATH, target.toString())
          .put(FactField.TAG, policy.tag().value())
          .put(FactField.OUTCOME, outcome.wireName());
    }

    private List<String> ignoredOrNull() {
      return ignored.isEmpty() ? null : ignored;
    }
  }

  /** {@code file}, {@code symlink} or {@code none}: what a fact calls the target's state. */
  static String kindOf(NodeState state) {
    if (state instanceof NodeState.RegularFile) {
      return "file";
    }
    return state instanceof NodeState.Symlink ? "symlink" : "none";
  }

  /** A best-effort restore that found no complete snapshot. */
  void nothingToRestore(Run run) {
    facts.emit(
        run.fact(FactOutcome.NOTHING_TO_RESTORE)
            .put(FactField.IGNORED, run.ignoredOrNull())
            .build());
  }

  /** The target already was the snapshot's state: nothing written. */
  void alreadyInPlace(Run run, SnapshotEntry entry, Sidecar.Prior prior, String beforeKind) {
    facts.emit(
        run.fact(FactOutcome.ALREADY_IN_PLACE)
            .put(FactField.PRIOR_KIND, prior.kind().wireName())
            .put(FactField.BEFORE_KIND, beforeKind)
            .put(FactField.AFTER_KIND, beforeKind)
            .put(FactField.IDEMPOTENT, true)
            .put(FactField.BACKUP_DURABLE, run.policy().requireBackupDurability())
            .put(FactField.IGNORED, run.ignoredOrNull())
            .put(FactField.BACKUP, entry.name().payloadFileName())
            .put(FactField.STAMP, entry.stamp())
            .build());
  }

  /**
   * The target was (or, in a dry run, would be) restored.
   *
   * @param expected the hash the sidecar records, or {@code null}
   * @param before the hash of the state replaced, when known, or {@code null}
   */
  void restored(
      Run run,
      SnapshotEntry entry,
      Sidecar.Prior prior,
      String beforeKind,
      ContentHash expected,
      ContentHash before,
      WriteBack.Result applied) {
    Snapshot captured = applied.captured().orElse(null);
    facts.emit(
        run.fact(FactOutcome.RESTORED)
            .put(FactField.PRIOR_KIND, prior.kind().wireName())
            .put(FactField.BEFORE_KIND, beforeKind)
            .put(FactField.AFTER_KIND, prior.kind().wireName())
            .put(FactField.IDEMPOTENT, false)
            .put(FactField.BACKUP_DURABLE, applied.durable())
            .put(FactField.IGNORED, run.ignoredOrNull())
            .put(FactField.BACKUP, entry.name().payloadFileName())
            .put(FactField.STAMP, entry.stamp())
            .put(FactField.PAYLOAD_HASH, expected == null ? null : expected.hex())
            .put(
                FactField.HASH_ALG,
                expected != null || before != null || applied.after() != null
                    ? ContentHash.ALGORITHM
                    : null)
            .put(FactField.BEFORE_HASH, before == null ? null : before.hex())
            .put(FactField.AFTER_HASH, applied.after() == null ? null : applied.after().hex())
            .put(FactField.SIDECAR_INTEGRITY_VERIFIED, applied.verified())
            .put(
                FactField.CAPTURED_BACKUP,
                captured == null ? null : captured.name().payloadFileName())
            .put(
                FactField.METADATA_NOT_RESTORED,
                applied.notRestored().isEmpty() ? null : applied.notRestored())
            .put(FactField.BYTES, applied.bytes())
            .put(FactField.COPY_MS, SnapshotService.millis(applied.copyNanos()))
            .put(FactField.FSYNC_MS, SnapshotService.millis(applied.fsyncNanos()))
            .build());
  }
}
