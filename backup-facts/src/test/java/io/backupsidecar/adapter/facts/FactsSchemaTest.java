package io.backupsidecar.adapter.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.model.FactField;
import io.backupsidecar.domain.model.FactOutcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class FactsSchemaTest {
  private static final List<String> ENVELOPE =
      List.of("schema_version", "ts", "event", "run_id", "seq", "dry_run", "tool");

  /**
   * A valid value for every fact field. Adding a FactField without adding it here (and to the
   * schema) fails {@link #a_fact_carrying_every_fact_field_is_valid}.
   */
  private static final Map<FactField, Object> SAMPLE_VALUES = samples();

  @Test
  void schema_has_a_property_for_every_fact_field() {
    JsonNode properties = FactsSchema.JSON.get("properties");
    for (FactField field : FactField.values()) {
      assertNotNull(
          properties.get(field.wireName()),
          "facts.schema.json has no property for FactField."
              + field
              + " ("
              + field.wireName()
              + ")");
    }
  }

  @Test
  void schema_properties_are_exactly_the_envelope_and_the_fact_fields() {
    Set<String> expected = new HashSet<>(ENVELOPE);
    for (FactField field : FactField.values()) {
      expected.add(field.wireName());
    }
    Set<String> actual = new HashSet<>();
    FactsSchema.JSON.get("properties").fieldNames().forEachRemaining(actual::add);

    assertEquals(expected, actual);
    assertFalse(FactsSchema.JSON.get("additionalProperties").booleanValue());
    assertEquals(ENVELOPE, names(FactsSchema.JSON.get("required")));
  }

  @Test
  void event_enum_lists_every_fact_event() {
    assertEquals(
        Arrays.stream(FactEvent.values()).map(FactEvent::wireName).toList(),
        names(FactsSchema.JSON.at("/properties/event/enum")));
  }

  @Test
  void outcome_enum_lists_every_fact_outcome() {
    assertEquals(
        Arrays.stream(FactOutcome.values()).map(FactOutcome::wireName).toList(),
        names(FactsSchema.JSON.at("/properties/outcome/enum")));
  }

  @Test
  void rejects_an_outcome_that_is_not_a_fact_outcome() {
    assertInvalid(edit(SampleFacts.restoreRestored(), o -> o.put("outcome", "planned")));
    assertInvalid(edit(SampleFacts.verifyFailed(), o -> o.put("outcome", "ok")));
  }

  @Test
  void error_id_enum_lists_every_error_id() {
    assertEquals(
        Arrays.stream(ErrorId.values()).map(Enum::name).toList(),
        names(FactsSchema.JSON.at("/properties/error_id/enum")));
  }

  @Test
  void exit_code_must_match_the_error_id_table() {
    for (ErrorId id : ErrorId.values()) {
      assertValid(failedSnapshot(id, id.exitCode()));
      ErrorId other = id == ErrorId.E_GENERIC ? ErrorId.E_USAGE : ErrorId.E_GENERIC;
      assertInvalid(failedSnapshot(id, other.exitCode()));
    }
  }

  @Test
  void a_fact_may_carry_a_switchyard_tag_and_a_backup_name_with_it() throws IOException {
    Fact.Builder builder = Fact.builder(FactEvent.RESTORE_RESULT, false);
    SAMPLE_VALUES.forEach(builder::put);
    builder
        .put(FactField.TAG, "my.tag ü")
        .put(FactField.BACKUP, ".hosts.my.tag ü.1700000000000.bak");
    FactsSchema.assertEveryLineValid(SampleFacts.emit(builder.build()));
    Fact.Builder unfit = Fact.builder(FactEvent.RESTORE_RESULT, false);
    SAMPLE_VALUES.forEach(unfit::put);
    unfit.put(FactField.BACKUP, ".hosts.switchyard.01700000000000.bak");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    JsonLinesFactEmitter.toStream(out, SampleFacts.CLOCK, SampleFacts.RUN_ID, SampleFacts.TOOL)
        .emit(unfit.build());
    assertInvalid(FactLines.MAPPER.readTree(out.toByteArray()));
  }

  @Test
  void a_fact_carrying_every_fact_field_is_valid() throws IOException {
    Set<FactField> missing =
        Arrays.stream(FactField.values())
            .filter(f -> !SAMPLE_VALUES.containsKey(f))
            .collect(Collectors.toSet());
    assertEquals(Set.of(), missing, "add a sample value (and a schema property) for these");

    Fact.Builder builder = Fact.builder(FactEvent.RESTORE_RESULT, false);
    SAMPLE_VALUES.forEach(builder::put);
    FactsSchema.assertEveryLineValid(SampleFacts.emit(builder.build()));
  }

  /** One test per event: it has a sample fact, and each of its samples is one valid line. */
  @TestFactory
  Stream<DynamicTest> the_sample_facts_of_every_event_are_valid() {
    List<Fact> samples =
        List.of(
            SampleFacts.snapshotCreated(),
            SampleFacts.snapshotFailed(),
            SampleFacts.restoreRestored(),
            SampleFacts.pruneResult(),
            SampleFacts.verifyFailed(),
            SampleFacts.applyCommitted());
    return Arrays.stream(FactEvent.values())
        .map(
            event ->
                DynamicTest.dynamicTest(
                    event.wireName(),
                    () -> {
                      List<Fact> ofEvent =
                          samples.stream().filter(f -> f.event() == event).toList();
                      assertFalse(ofEvent.isEmpty(), "no sample fact of " + event.wireName());
                      for (Fact sample : ofEvent) {
                        String line = SampleFacts.write(sample);
                        assertTrue(
                            line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, line);
                        assertEquals(Set.of(), FactsSchema.problems(line), line);
                      }
                    }));
  }

  @Test
  void rejects_a_failure_without_error_id() {
    assertInvalid(edit(SampleFacts.snapshotFailed(), o -> o.remove("error_id")));
    assertInvalid(edit(SampleFacts.snapshotFailed(), o -> o.remove("exit_code")));
  }

  @Test
  void rejects_an_unknown_field() {
    assertInvalid(edit(SampleFacts.snapshotCreated(), o -> o.put("payload_sha", "x")));
  }

  @Test
  void rejects_a_malformed_hash() {
    String upper = SampleFacts.HELLO_SHA256.toUpperCase();
    assertInvalid(edit(SampleFacts.snapshotCreated(), o -> o.put("payload_hash", upper)));
    assertInvalid(edit(SampleFacts.snapshotCreated(), o -> o.put("payload_hash", "abc123")));
    assertInvalid(edit(SampleFacts.applyCommitted(), o -> o.put("after_hash", "")));
    assertInvalid(edit(SampleFacts.snapshotCreated(), o -> o.put("hash_alg", "md5")));
    assertInvalid(edit(SampleFacts.snapshotCreated(), o -> o.remove("hash_alg")));
  }

  @Test
  void rejects_a_broken_envelope() {
    for (String name : ENVELOPE) {
      assertInvalid(edit(SampleFacts.pruneResult(), o -> o.remove(name)));
    }
    assertInvalid(edit(SampleFacts.pruneResult(), o -> o.put("schema_version", 2)));
    assertInvalid(edit(SampleFacts.pruneResult(), o -> o.put("seq", 0)));
    assertInvalid(edit(SampleFacts.pruneResult(), o -> o.put("event", "prune.done")));
    assertInvalid(edit(SampleFacts.pruneResult(), o -> o.put("ts", "2024-11-24T00:00:00Z")));
    assertInvalid(edit(SampleFacts.pruneResult(), o -> o.put("dry_run", "false")));
  }

  @Test
  void rejects_negative_counts_and_durations() {
    assertInvalid(edit(SampleFacts.pruneResult(), o -> o.put("pruned_count", -1)));
    assertInvalid(edit(SampleFacts.snapshotCreated(), o -> o.put("copy_ms", -5)));
    assertInvalid(edit(SampleFacts.snapshotCreated(), o -> o.put("bytes", 1.5)));
  }

  @Test
  void rejects_a_successful_snapshot_missing_what_it_created() {
    for (String name :
        List.of("path", "outcome", "prior_kind", "backup", "backup_durable", "payload_hash")) {
      assertInvalid(edit(SampleFacts.snapshotCreated(), o -> o.remove(name)));
    }
  }

  @Test
  void accepts_a_symlink_snapshot_without_a_payload_hash() {
    assertValid(
        edit(
            SampleFacts.snapshotCreated(),
            o -> {
              o.put("prior_kind", "symlink");
              o.remove("payload_hash");
              o.remove("hash_alg");
            }));
  }

  @Test
  void rejects_a_backup_that_is_a_path_rather_than_a_file_name() {
    assertInvalid(
        edit(
            SampleFacts.snapshotCreated(),
            o -> o.put("backup", "/etc/.hosts.backup.1732406400123.bak")));
  }

  @Test
  void rejects_per_event_facts_missing_their_required_fields() {
    assertInvalid(edit(SampleFacts.restoreRestored(), o -> o.remove("backup")));
    assertInvalid(edit(SampleFacts.pruneResult(), o -> o.remove("pruned_count")));
    assertInvalid(edit(SampleFacts.pruneResult(), o -> o.remove("retained_count")));
    assertInvalid(edit(SampleFacts.verifyFailed(), o -> o.remove("problems")));
    assertInvalid(edit(SampleFacts.verifyFailed(), o -> o.remove("outcome")));
    assertInvalid(edit(SampleFacts.applyCommitted(), o -> o.remove("backup_durable")));
    assertInvalid(edit(SampleFacts.applyCommitted(), o -> o.remove("outcome")));
  }

  @Test
  void a_failed_prune_or_apply_need_not_carry_success_fields() {
    ErrorId id = ErrorId.E_MUTATION_FAILED;
    assertValid(
        edit(
            SampleFacts.applyCommitted(),
            o -> {
              o.put("outcome", "rolled_back");
              o.remove("backup_durable");
              o.put("error_id", id.name());
              o.put("exit_code", id.exitCode());
              o.putArray("rolled_back").add("/etc/hosts");
            }));
    assertValid(
        edit(
            SampleFacts.pruneResult(),
            o -> {
              o.put("outcome", "failed");
              o.remove("pruned_count");
              o.remove("retained_count");
              o.put("error_id", ErrorId.E_GENERIC.name());
              o.put("exit_code", 1);
            }));
  }

  @Test
  void accepts_the_shapes_the_domain_services_emit() {
    // restore.result when the target already is the snapshot: no integrity check was needed
    assertValid(
        edit(
            SampleFacts.restoreRestored(),
            o -> {
              o.put("outcome", "already_in_place");
              o.retain(
                  "schema_version",
                  "ts",
                  "event",
                  "run_id",
                  "seq",
                  "dry_run",
                  "tool",
                  "path",
                  "tag",
                  "outcome",
                  "prior_kind",
                  "before_kind",
                  "after_kind",
                  "idempotent",
                  "backup_durable",
                  "backup",
                  "stamp");
              o.put("idempotent", true);
            }));
    // best-effort restore with nothing to restore
    assertValid(
        edit(
            SampleFacts.restoreRestored(),
            o -> {
              o.put("outcome", "nothing_to_restore");
              o.retain(
                  "schema_version",
                  "ts",
                  "event",
                  "run_id",
                  "seq",
                  "dry_run",
                  "tool",
                  "path",
                  "tag",
                  "outcome");
            }));
    // apply.result of a rolled-back mutation: hashes of the target, no hash_alg
    assertValid(
        edit(
            SampleFacts.applyCommitted(),
            o -> {
              o.put("outcome", "rollback_failed");
              o.remove("hash_alg");
              o.put("error_id", ErrorId.E_MUTATION_FAILED.name());
              o.put("exit_code", ErrorId.E_MUTATION_FAILED.exitCode());
              o.put("message", "cannot restore /etc/hosts");
            }));
  }

  @Test
  void a_restore_fact_says_what_the_target_was_and_is_and_whether_anything_changed() {
    for (String field : List.of("before_kind", "after_kind", "idempotent", "backup_durable")) {
      assertInvalid(edit(SampleFacts.restoreRestored(), o -> o.remove(field)));
    }
    assertInvalid(edit(SampleFacts.restoreRestored(), o -> o.put("before_kind", "directory")));
  }

  @Test
  void a_restore_that_wrote_the_target_must_say_whether_it_checked_integrity() {
    assertInvalid(edit(SampleFacts.restoreRestored(), o -> o.remove("sidecar_integrity_verified")));
    assertInvalid(
        edit(
            SampleFacts.restoreRestored(),
            o -> {
              o.put("outcome", "already_in_place");
              o.remove("backup");
            }));
  }

  private static JsonNode failedSnapshot(ErrorId id, int exitCode) {
    return edit(
        SampleFacts.snapshotFailed(),
        o -> {
          o.put("error_id", id.name());
          o.put("exit_code", exitCode);
        });
  }

  private static ObjectNode edit(Fact fact, Consumer<ObjectNode> change) {
    try {
      ObjectNode node = (ObjectNode) FactsSchema.MAPPER.readTree(SampleFacts.emit(fact));
      change.accept(node);
      return node;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertValid(JsonNode line) {
    assertEquals(Set.of(), FactsSchema.problems(line), line.toString());
  }

  private static void assertInvalid(JsonNode line) {
    assertFalse(FactsSchema.problems(line).isEmpty(), "schema accepted " + line);
  }

  private static List<String> names(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.textValue()));
    return out;
  }

  private static Map<FactField, Object> samples() {
    Map<FactField, Object> m = new EnumMap<>(FactField.class);
    m.put(FactField.PATH, "/etc/hosts");
    m.put(FactField.TAG, "backup");
    m.put(FactField.OUTCOME, "restored");
    m.put(FactField.PRIOR_KIND, "file");
    m.put(FactField.BEFORE_KIND, "symlink");
    m.put(FactField.AFTER_KIND, "file");
    m.put(FactField.IDEMPOTENT, false);
    m.put(
        FactField.IGNORED,
        java.util.List.of(
            ".hosts.backup.01700000000000.bak: the stamp does not fit the stamp rule"));
    m.put(FactField.BACKUP, ".hosts.backup.1732406400000.bak");
    m.put(FactField.STAMP, 1732406400000L);
    m.put(FactField.PAYLOAD_HASH, SampleFacts.HELLO_SHA256);
    m.put(FactField.HASH_ALG, "sha256");
    m.put(FactField.BACKUP_DURABLE, true);
    m.put(FactField.BEFORE_HASH, SampleFacts.EMPTY_SHA256);
    m.put(FactField.AFTER_HASH, SampleFacts.HELLO_SHA256);
    m.put(FactField.SIDECAR_INTEGRITY_VERIFIED, true);
    m.put(FactField.CAPTURED_BACKUP, ".hosts.backup.1732406400123.bak");
    m.put(FactField.PRUNED_COUNT, 0);
    m.put(FactField.RETAINED_COUNT, 1);
    m.put(FactField.REMOVED_LEFTOVERS, 0);
    m.put(FactField.PROBLEMS, List.of());
    m.put(FactField.METADATA_NOT_RESTORED, List.of("security.capability"));
    m.put(FactField.ROLLED_BACK, List.of("/etc/hosts"));
    m.put(FactField.ROLLBACK_FAILED, List.of());
    m.put(FactField.ERROR_ID, ErrorId.E_RESTORE_FAILED.name());
    m.put(FactField.EXIT_CODE, ErrorId.E_RESTORE_FAILED.exitCode());
    m.put(FactField.MESSAGE, "why");
    m.put(FactField.BYTES, 6L);
    m.put(FactField.HASH_MS, 1L);
    m.put(FactField.COPY_MS, 2L);
    m.put(FactField.FSYNC_MS, 3L);
    return m;
  }
}
