package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.model.FactField;
import io.backupsidecar.domain.model.FactOutcome;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Snapshot;
import io.backupsidecar.domain.port.FactEmitter;
import java.util.Objects;

/** The {@code snapshot_result} facts: one per target, created or failed, with its timings. */
final class SnapshotFacts {
  private final FactEmitter facts;

  /**
   * @param facts where facts go
   */
  SnapshotFacts(FactEmitter facts) {
    this.facts = Objects.requireNonNull(facts, "facts");
  }

  /** A snapshot was taken (or, in a dry run, would be). */
  void created(Taken taken, boolean dryRun, long fsyncNanos) {
    PendingSnapshot p = taken.pending();
    PayloadWritten payload = taken.payload();
    Snapshot s = taken.snapshot();
    facts.emit(
        Fact.builder(FactEvent.SNAPSHOT_RESULT, dryRun)
            .put(FactField.PATH, p.target.toString())
            .put(FactField.TAG, p.name().tag().value())
            .put(FactField.OUTCOME, FactOutcome.CREATED.wireName())
            .put(FactField.PRIOR_KIND, p.state.priorKind().wireName())
            .put(FactField.BACKUP, p.payloadName())
            .put(FactField.STAMP, p.name().stamp())
            .put(FactField.PAYLOAD_HASH, payload.hash() == null ? null : payload.hash().hex())
            .put(FactField.HASH_ALG, p.isFile() ? ContentHash.ALGORITHM : null)
            .put(FactField.BACKUP_DURABLE, s.durable())
            .put(FactField.BYTES, s.bytes())
            .put(FactField.HASH_MS, p.isFile() ? millis(payload.hashNanos()) : null)
            .put(FactField.COPY_MS, millis(payload.copyNanos()))
            .put(FactField.FSYNC_MS, millis(fsyncNanos))
            .build());
  }

  /** A target failed: refused before anything was written, or its snapshot was not committed. */
  void failed(String path, Policy policy, BackupException e, boolean dryRun) {
    facts.emit(Failures.fact(FactEvent.SNAPSHOT_RESULT, path, policy.tag().value(), e, dryRun));
  }

  /** Whole milliseconds, as facts carry times. */
  static long millis(long nanos) {
    return nanos / 1_000_000L;
  }
}
