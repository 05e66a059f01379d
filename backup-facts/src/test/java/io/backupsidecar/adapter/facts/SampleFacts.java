package io.backupsidecar.adapter.facts;

import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.model.FactField;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Fixed inputs and one realistic fact per event, shared by the tests and the golden files. */
final class SampleFacts {
  static final long STAMP = 1732406400123L;
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(STAMP), ZoneOffset.UTC);
  static final String RUN_ID = "3f2a9c4e-8b1d-4e6f-a0c7-5d9e2b1f4a68";
  static final String TOOL = "backup/0.1.0";
  static final String HELLO_SHA256 =
      "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";
  static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private SampleFacts() {}

  static Fact snapshotCreated(boolean dryRun, long stamp, long copyMs) {
    return Fact.builder(FactEvent.SNAPSHOT_RESULT, dryRun)
        .put(FactField.PATH, "/etc/hosts")
        .put(FactField.TAG, "backup")
        .put(FactField.OUTCOME, "created")
        .put(FactField.PRIOR_KIND, "file")
        .put(FactField.BACKUP, ".hosts.backup." + stamp + ".bak")
        .put(FactField.STAMP, stamp)
        .put(FactField.PAYLOAD_HASH, HELLO_SHA256)
        .put(FactField.HASH_ALG, "sha256")
        .put(FactField.BACKUP_DURABLE, true)
        .put(FactField.BYTES, 6L)
        .put(FactField.COPY_MS, copyMs)
        .put(FactField.FSYNC_MS, copyMs * 2)
        .build();
  }

  static Fact snapshotCreated() {
    return snapshotCreated(false, STAMP, 3L);
  }

  static Fact snapshotFailed() {
    return Fact.builder(FactEvent.SNAPSHOT_RESULT, false)
        .put(FactField.PATH, "/var/run/fifo")
        .put(FactField.TAG, "backup")
        .put(FactField.OUTCOME, "failed")
        .put(FactField.ERROR_ID, ErrorId.E_UNSUPPORTED_NODE.name())
        .put(FactField.EXIT_CODE, ErrorId.E_UNSUPPORTED_NODE.exitCode())
        .put(
            FactField.MESSAGE,
            "/var/run/fifo is a FIFO; only files, symlinks and absent "
                + "targets can be snapshotted")
        .build();
  }

  static Fact restoreRestored() {
    return Fact.builder(FactEvent.RESTORE_RESULT, false)
        .put(FactField.PATH, "/etc/hosts")
        .put(FactField.TAG, "backup")
        .put(FactField.OUTCOME, "restored")
        .put(FactField.PRIOR_KIND, "file")
        .put(FactField.BEFORE_KIND, "file")
        .put(FactField.AFTER_KIND, "file")
        .put(FactField.IDEMPOTENT, false)
        .put(FactField.BACKUP_DURABLE, true)
        .put(FactField.BACKUP, ".hosts.backup.1732406400000.bak")
        .put(FactField.STAMP, 1732406400000L)
        .put(FactField.HASH_ALG, "sha256")
        .put(FactField.BEFORE_HASH, EMPTY_SHA256)
        .put(FactField.AFTER_HASH, HELLO_SHA256)
        .put(FactField.SIDECAR_INTEGRITY_VERIFIED, true)
        .put(FactField.CAPTURED_BACKUP, ".hosts.backup.1732406400123.bak")
        .put(FactField.BYTES, 6L)
        .put(FactField.COPY_MS, 1L)
        .build();
  }

  static Fact pruneResult() {
    return Fact.builder(FactEvent.PRUNE_RESULT, false)
        .put(FactField.PATH, "/etc/hosts")
        .put(FactField.TAG, "backup")
        .put(FactField.OUTCOME, "pruned")
        .put(FactField.PRUNED_COUNT, 2)
        .put(FactField.RETAINED_COUNT, 3)
        .put(FactField.REMOVED_LEFTOVERS, 1)
        .put(FactField.FSYNC_MS, 0L)
        .build();
  }

  static Fact verifyFailed() {
    return Fact.builder(FactEvent.VERIFY_RESULT, false)
        .put(FactField.PATH, "/etc/hosts")
        .put(FactField.TAG, "backup")
        .put(FactField.OUTCOME, "failed")
        .put(FactField.BACKUP, ".hosts.backup.1732406400000.bak")
        .put(
            FactField.PROBLEMS,
            List.of(".hosts.backup.1732406400000.bak: payload hash differs from its sidecar"))
        .put(FactField.ERROR_ID, ErrorId.E_VERIFY_FAILED.name())
        .put(FactField.EXIT_CODE, ErrorId.E_VERIFY_FAILED.exitCode())
        .put(FactField.HASH_MS, 2L)
        .build();
  }

  static Fact applyCommitted() {
    return Fact.builder(FactEvent.APPLY_RESULT, false)
        .put(FactField.PATH, "/etc/hosts")
        .put(FactField.TAG, "backup")
        .put(FactField.OUTCOME, "committed")
        .put(FactField.BACKUP, ".hosts.backup.1732406400123.bak")
        .put(FactField.HASH_ALG, "sha256")
        .put(FactField.BACKUP_DURABLE, true)
        .put(FactField.BEFORE_HASH, HELLO_SHA256)
        .put(FactField.AFTER_HASH, EMPTY_SHA256)
        .build();
  }

  /** One fact of each event, in FactEvent order: the golden files hold exactly these. */
  static List<Fact> onePerEvent() {
    return List.of(
        snapshotCreated(), restoreRestored(), pruneResult(), verifyFailed(), applyCommitted());
  }

  /**
   * What a fresh stream emitter on the fixed clock writes for these facts, each line checked
   * against the schema: the tests that use it want valid lines as their input.
   */
  static String emit(Fact... facts) {
    return emit(CLOCK, RUN_ID, facts);
  }

  static String emit(Clock clock, String runId, Fact... facts) {
    String text = write(clock, runId, facts);
    FactsSchema.assertEveryLineValid(text);
    return text;
  }

  /** What a fresh stream emitter on the fixed clock writes for these facts, unchecked. */
  static String write(Fact... facts) {
    return write(CLOCK, RUN_ID, facts);
  }

  private static String write(Clock clock, String runId, Fact... facts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonLinesFactEmitter emitter = JsonLinesFactEmitter.toStream(out, clock, runId, TOOL);
    for (Fact fact : facts) {
      emitter.emit(fact);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
