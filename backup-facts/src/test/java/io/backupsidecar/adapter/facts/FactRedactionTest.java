package io.backupsidecar.adapter.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.model.FactField;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class FactRedactionTest {
  private static final Clock LATER =
      Clock.fixed(Instant.parse("2025-03-01T08:15:42.777Z"), ZoneOffset.UTC);

  @Test
  void dry_run_and_real_run_lines_are_identical_after_redaction() {
    String real =
        SampleFacts.emit(
            SampleFacts.CLOCK,
            "real-run",
            SampleFacts.pruneResult(),
            SampleFacts.snapshotCreated(false, 1732406400123L, 17L));
    String dry =
        SampleFacts.emit(LATER, "dry-run", SampleFacts.snapshotCreated(true, 1740816942777L, 0L));

    String realSnapshot = real.lines().toList().get(1);
    assertNotEquals(realSnapshot, dry.strip());
    assertEquals(FactRedaction.redactLine(realSnapshot), FactRedaction.redactLine(dry));
  }

  @Test
  void dry_run_and_real_run_facts_are_equal_after_redaction() {
    Fact real = SampleFacts.snapshotCreated(false, 1732406400123L, 17L);
    Fact dry = SampleFacts.snapshotCreated(true, 1740816942777L, 0L);

    assertNotEquals(real, dry);
    assertEquals(FactRedaction.redact(real), FactRedaction.redact(dry));
  }

  @Test
  void a_difference_in_a_kept_field_stays_visible_after_redaction() {
    Fact real = SampleFacts.snapshotCreated(false, 1732406400123L, 17L);
    Fact notDurable =
        Fact.builder(FactEvent.SNAPSHOT_RESULT, true).put(FactField.PATH, "/etc/hosts").build();
    Fact.Builder dry = Fact.builder(FactEvent.SNAPSHOT_RESULT, true);
    SampleFacts.snapshotCreated(true, 1740816942777L, 0L).fields().forEach(dry::put);
    dry.put(FactField.BACKUP_DURABLE, false);

    assertNotEquals(FactRedaction.redact(real), FactRedaction.redact(dry.build()));
    assertNotEquals(FactRedaction.redact(real), FactRedaction.redact(notDurable));
    assertNotEquals(
        FactRedaction.redactLine(SampleFacts.emit(real)),
        FactRedaction.redactLine(SampleFacts.emit(LATER, "dry", dry.build())));
  }

  @Test
  void a_difference_in_tag_or_target_inside_a_backup_name_stays_visible() {
    assertNotEquals(
        FactRedaction.zeroStampInName(".hosts.backup.1.bak"),
        FactRedaction.zeroStampInName(".hosts.pre-apply.1.bak"));
    assertNotEquals(
        FactRedaction.zeroStampInName(".hosts.backup.1.bak"),
        FactRedaction.zeroStampInName(".passwd.backup.1.bak"));
  }

  @Test
  void the_stamp_inside_a_backup_name_is_zeroed() {
    assertEquals(
        ".hosts.backup.0.bak", FactRedaction.zeroStampInName(".hosts.backup.1732406400123.bak"));
    assertEquals(
        ".my.app.conf.pre-apply.0.bak",
        FactRedaction.zeroStampInName(".my.app.conf.pre-apply.1732406400123.bak"));
    assertEquals(
        ".hosts.backup.0.bak.meta.json",
        FactRedaction.zeroStampInName(".hosts.backup.1732406400123.bak.meta.json"));
  }

  @Test
  void a_text_that_is_not_a_backup_name_is_kept_so_the_comparison_shows_it() {
    assertEquals(
        "/etc/.hosts.backup.1732406400123.bak",
        FactRedaction.zeroStampInName("/etc/.hosts.backup.1732406400123.bak"));
    assertEquals("hosts.bak", FactRedaction.zeroStampInName("hosts.bak"));
  }

  @Test
  void redacting_a_fact_zeroes_stamps_drops_durations_and_clears_dry_run() {
    Fact redacted = FactRedaction.redact(SampleFacts.restoreRestored());

    assertFalse(redacted.dryRun());
    assertEquals(0L, redacted.get(FactField.STAMP));
    assertEquals(".hosts.backup.0.bak", redacted.get(FactField.BACKUP));
    assertEquals(".hosts.backup.0.bak", redacted.get(FactField.CAPTURED_BACKUP));
    assertEquals(SampleFacts.HELLO_SHA256, redacted.get(FactField.AFTER_HASH));
    for (FactField field : FactField.values()) {
      if (field.redaction() == FactField.Redaction.DROP) {
        assertFalse(redacted.fields().containsKey(field), field.wireName());
      }
    }
  }

  @Test
  void redacting_a_line_normalises_the_envelope_and_keeps_field_order() {
    String line = SampleFacts.emit(SampleFacts.snapshotCreated(true, 1732406400999L, 4L));

    assertEquals(
        "{\"schema_version\":1,\"ts\":\"1970-01-01T00:00:00.000Z\","
            + "\"event\":\"snapshot.result\",\"run_id\":\"\",\"seq\":0,\"dry_run\":false,"
            + "\"tool\":\"backup/0.1.0\",\"path\":\"/etc/hosts\",\"tag\":\"backup\","
            + "\"outcome\":\"created\",\"prior_kind\":\"file\",\"backup\":\".hosts.backup.0.bak\","
            + "\"stamp\":0,\"payload_hash\":\""
            + SampleFacts.HELLO_SHA256
            + "\","
            + "\"hash_alg\":\"sha256\",\"backup_durable\":true,\"bytes\":6}",
        FactRedaction.redactLine(line));
  }

  @Test
  void redacting_a_line_and_redacting_the_fact_agree() {
    for (Fact fact :
        List.of(
            SampleFacts.snapshotCreated(),
            SampleFacts.restoreRestored(),
            SampleFacts.pruneResult(),
            SampleFacts.verifyFailed(),
            SampleFacts.applyCommitted())) {
      assertEquals(
          FactRedaction.redactLine(SampleFacts.emit(fact)),
          FactRedaction.redactLine(SampleFacts.emit(LATER, "x", FactRedaction.redact(fact))),
          fact.event().wireName());
    }
  }

  @Test
  void every_stamp_field_is_zeroed_and_every_duration_dropped_in_lines() {
    Fact.Builder builder =
        Fact.builder(FactEvent.RESTORE_RESULT, true)
            .put(FactField.PATH, "/etc/hosts")
            .put(FactField.OUTCOME, "restored")
            .put(FactField.PRIOR_KIND, "file")
            .put(FactField.BEFORE_KIND, "file")
            .put(FactField.AFTER_KIND, "file")
            .put(FactField.IDEMPOTENT, false)
            .put(FactField.BACKUP_DURABLE, true)
            .put(FactField.SIDECAR_INTEGRITY_VERIFIED, true);
    for (FactField field : FactField.values()) {
      if (field.redaction() == FactField.Redaction.STAMP) {
        builder.put(
            field, field == FactField.STAMP ? 1732406400123L : ".hosts.backup.1732406400123.bak");
      } else if (field.redaction() == FactField.Redaction.DROP) {
        builder.put(field, 12L);
      }
    }

    String redacted = FactRedaction.redactLine(SampleFacts.emit(builder.build()));

    assertFalse(redacted.contains("1732406400123"), redacted);
    assertFalse(redacted.contains("_ms\""), redacted);
    assertTrue(redacted.contains("\"stamp\":0"), redacted);
  }

  @Test
  void redacting_a_line_keeps_unknown_fields_and_accepts_a_line_terminator() {
    assertEquals(
        "{\"seq\":0,\"future_field\":42}",
        FactRedaction.redactLine("{\"seq\":7,\"future_field\":42}\n"));
  }

  @Test
  void redacting_something_that_is_not_a_json_object_is_refused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> FactRedaction.redactLine("{\"seq\":1,\"ev"));
    assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> FactRedaction.redactLine("[1,2]"));
  }
}
