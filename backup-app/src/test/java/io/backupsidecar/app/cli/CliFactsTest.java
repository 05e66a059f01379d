package io.backupsidecar.app.cli;

import static io.backupsidecar.app.cli.CliHarness.fixedAt;
import static io.backupsidecar.app.cli.CliHarness.flipByte;
import static io.backupsidecar.app.cli.CliHarness.names;
import static io.backupsidecar.app.cli.CliHarness.payload;
import static io.backupsidecar.app.cli.CliHarness.run;
import static io.backupsidecar.app.cli.CliHarness.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.backupsidecar.adapter.facts.FactRedaction;
import io.backupsidecar.adapter.facts.JsonLinesFactEmitter;
import io.backupsidecar.app.cli.CliHarness.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue "facts": {@code --facts} writes JSON lines that match the facts schema, carry the hashes a
 * user checks, and are the same for a dry run and a real run once redacted.
 */
class CliFactsTest {
  private static final long T = 1_700_000_000_000L;
  private static final JsonSchema SCHEMA = loadSchema();

  @TempDir Path tmp;
  private Path data;
  private Path facts;

  @BeforeEach
  void directories() throws IOException {
    data = Files.createDirectory(tmp.resolve("data"));
    facts = Files.createDirectory(tmp.resolve("facts"));
  }

  private static JsonSchema loadSchema() {
    try (InputStream in =
        CliFactsTest.class.getResourceAsStream(JsonLinesFactEmitter.SCHEMA_RESOURCE)) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(CliHarness.JSON.readTree(in));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The lines of a facts file, each checked against the schema. */
  private static List<JsonNode> validLines(Path file) throws IOException {
    String text = Files.readString(file);
    assertTrue(text.endsWith("\n"), "a facts file ends with a complete line: " + text);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      JsonNode node = CliHarness.parse(line);
      assertEquals(Set.of(), SCHEMA.validate(node), line);
      lines.add(node);
    }
    return lines;
  }

  private static void assertExit(int exit, Result r) {
    assertEquals(exit, r.exit(), r::toString);
  }

  @Test
  void snapshot_then_restore_facts_are_schema_valid_and_carry_the_before_and_after_hashes()
      throws Exception {
    Path x = data.resolve("X");
    Files.writeString(x, "the original");
    String original = sha256(x);
    Path f = facts.resolve("f.jsonl");

    assertExit(0, run("snapshot", "--facts", f.toString(), x.toString()));
    Files.writeString(x, "modified by someone");
    String modified = sha256(x);
    assertExit(0, run("restore", "--facts", f.toString(), x.toString()));

    List<JsonNode> lines = validLines(f);
    assertEquals(
        List.of("snapshot.result", "snapshot.result", "restore.result"),
        lines.stream().map(l -> l.get("event").asText()).toList());
    JsonNode snapshot = lines.get(0);
    assertEquals(x.toString(), snapshot.get("path").asText());
    assertEquals(original, snapshot.get("payload_hash").asText());
    assertEquals(1, snapshot.get("seq").asInt());
    JsonNode capture = lines.get(1);
    assertEquals(modified, capture.get("payload_hash").asText());
    assertEquals(1, capture.get("seq").asInt(), "a new run starts at seq 1");
    JsonNode restore = lines.get(2);
    assertEquals(2, restore.get("seq").asInt());
    assertEquals(capture.get("run_id"), restore.get("run_id"));
    assertNotEquals(snapshot.get("run_id"), restore.get("run_id"));
    assertEquals("restored", restore.get("outcome").asText());
    assertEquals(modified, restore.get("before_hash").asText());
    assertEquals(original, restore.get("after_hash").asText());
    assertEquals(sha256(x), restore.get("after_hash").asText());
    assertEquals("sha256", restore.get("hash_alg").asText());
    assertTrue(restore.get("sidecar_integrity_verified").asBoolean());
    assertEquals(capture.get("backup"), restore.get("captured_backup"));
    assertFalse(restore.get("dry_run").asBoolean());
  }

  @Test
  void a_failed_restore_emits_restore_result_with_E_RESTORE_FAILED_and_exit_code_70()
      throws Exception {
    Path x = data.resolve("X");
    Files.writeString(x, "the original");
    assertExit(0, run(fixedAt(T), "snapshot", x.toString()));
    Files.writeString(x, "modified");
    flipByte(payload(x, T), 0);
    Path f = facts.resolve("f.jsonl");

    assertExit(70, run("restore", "--facts", f.toString(), x.toString()));

    List<JsonNode> lines = validLines(f);
    JsonNode last = lines.get(lines.size() - 1);
    assertEquals("restore.result", last.get("event").asText());
    assertEquals("failed", last.get("outcome").asText());
    assertEquals("E_RESTORE_FAILED", last.get("error_id").asText());
    assertEquals(70, last.get("exit_code").asInt());
    assertEquals(x.toString(), last.get("path").asText());
    assertEquals("modified", Files.readString(x));
  }

  // ---- dry-run parity: the facts of --dry-run equal the real run's, after redaction ----

  private static List<String> redacted(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .map(FactRedaction::redactLine)
        .toList();
  }

  /** Both files hold the same facts once redacted, the one dry and the other real. */
  private static void assertParity(Path dry, Path real) throws IOException {
    List<JsonNode> dryLines = validLines(dry);
    List<JsonNode> realLines = validLines(real);
    assertFalse(dryLines.isEmpty());
    assertTrue(dryLines.stream().allMatch(l -> l.get("dry_run").asBoolean()), dryLines::toString);
    assertTrue(
        realLines.stream().noneMatch(l -> l.get("dry_run").asBoolean()), realLines::toString);
    List<String> d = redacted(dry);
    List<String> r = redacted(real);
    assertEquals(r.size(), d.size(), () -> "dry:\n" + d + "\nreal:\n" + r);
    for (int i = 0; i < d.size(); i++) {
      assertEquals(r.get(i), d.get(i), "line " + (i + 1));
    }
  }

  @Test
  void snapshot_dry_run_facts_equal_the_real_runs_after_redaction() throws Exception {
    Path file = data.resolve("file");
    Files.writeString(file, "some bytes");
    Path link = data.resolve("link");
    Files.createSymbolicLink(link, Path.of("file"));
    Path absent = data.resolve("absent");
    String[] targets = {file.toString(), link.toString(), absent.toString()};
    Path dry = facts.resolve("dry.jsonl");
    Path real = facts.resolve("real.jsonl");
    List<String> before = names(data);

    assertExit(0, run(args("snapshot", "--dry-run", "--facts", dry.toString(), targets)));
    assertEquals(before, names(data), "the dry run wrote nothing");
    assertExit(0, run(args("snapshot", "--facts", real.toString(), targets)));

    assertEquals(before.size() + 6, names(data).size(), "the real run wrote three pairs");
    assertParity(dry, real);
  }

  @Test
  void restore_dry_run_facts_equal_the_real_runs_after_redaction() throws Exception {
    Path x = data.resolve("X");
    Files.writeString(x, "the original");
    assertExit(0, run("snapshot", x.toString()));
    Files.writeString(x, "modified, longer than before");
    Path dry = facts.resolve("dry.jsonl");
    Path real = facts.resolve("real.jsonl");

    assertExit(0, run("restore", "--dry-run", "--facts", dry.toString(), x.toString()));
    assertEquals("modified, longer than before", Files.readString(x));
    assertExit(0, run("restore", "--facts", real.toString(), x.toString()));

    assertEquals("the original", Files.readString(x));
    assertParity(dry, real);
    assertEquals(2, Files.readAllLines(real).size(), "the capture and the restore");
  }

  @Test
  void prune_dry_run_facts_equal_the_real_runs_after_redaction() throws Exception {
    Path x = data.resolve("X");
    for (int i = 0; i < 6; i++) {
      Files.writeString(x, "version " + i);
      assertExit(0, run(fixedAt(T), "snapshot", x.toString()));
    }
    Path dry = facts.resolve("dry.jsonl");
    Path real = facts.resolve("real.jsonl");

    assertExit(
        0, run("prune", "--keep", "2", "--dry-run", "--facts", dry.toString(), x.toString()));
    assertEquals(13, names(data).size());
    assertExit(0, run("prune", "--keep", "2", "--facts", real.toString(), x.toString()));

    assertEquals(5, names(data).size());
    assertParity(dry, real);
    assertEquals(4, validLines(real).get(0).get("pruned_count").asInt());
  }

  @Test
  void redaction_keeps_an_extra_or_changed_field_visible_so_the_parity_check_can_fail()
      throws Exception {
    Path x = data.resolve("X");
    Files.writeString(x, "bytes");
    Path f = facts.resolve("f.jsonl");
    assertExit(0, run("snapshot", "--facts", f.toString(), x.toString()));
    String line = Files.readAllLines(f).get(0);
    ObjectNode withExtra = (ObjectNode) CliHarness.parse(line);
    withExtra.put("extra", 1);
    ObjectNode withOtherBytes = (ObjectNode) CliHarness.parse(line);
    withOtherBytes.put("bytes", 6);
    ObjectNode withOtherStampAndTime = (ObjectNode) CliHarness.parse(line);
    withOtherStampAndTime
        .put("stamp", 42)
        .put("ts", "2000-01-01T00:00:00.000Z")
        .put("backup", ".X.backup.42.bak");

    String redacted = FactRedaction.redactLine(line);
    assertNotEquals(
        redacted, FactRedaction.redactLine(CliHarness.JSON.writeValueAsString(withExtra)));
    assertNotEquals(
        redacted, FactRedaction.redactLine(CliHarness.JSON.writeValueAsString(withOtherBytes)));
    assertEquals(
        redacted,
        FactRedaction.redactLine(CliHarness.JSON.writeValueAsString(withOtherStampAndTime)),
        "what legitimately differs is redacted away");
  }

  @Test
  void facts_dash_writes_facts_to_stdout_and_the_human_output_to_stderr() throws Exception {
    Path x = data.resolve("X");
    Files.writeString(x, "bytes");

    Result r = run(fixedAt(T), "snapshot", "--facts", "-", x.toString());

    assertExit(0, r);
    List<String> out = r.outLines();
    assertEquals(1, out.size(), r::toString);
    JsonNode fact = CliHarness.parse(out.get(0));
    assertEquals(Set.of(), SCHEMA.validate(fact));
    assertEquals("snapshot.result", fact.get("event").asText());
    assertEquals(".X.backup." + T + ".bak", fact.get("backup").asText());
    assertTrue(r.err().contains("TARGET"), r::toString);
    assertTrue(r.err().contains(".X.backup." + T + ".bak"), r::toString);
  }

  @Test
  void facts_dash_with_restore_keeps_stdout_pure_json_lines() throws Exception {
    Path x = data.resolve("X");
    Files.writeString(x, "bytes");
    assertExit(0, run("snapshot", x.toString()));
    Files.writeString(x, "changed");

    Result r = run("restore", "--facts", "-", x.toString());

    assertExit(0, r);
    for (String line : r.outLines()) {
      assertEquals(Set.of(), SCHEMA.validate(CliHarness.parse(line)), line);
    }
    assertEquals(2, r.outLines().size(), r::toString);
    assertTrue(r.err().startsWith("restored "), r::toString);
  }

  /** Command-line words: strings, and arrays of strings spliced in. */
  private static String[] args(Object... parts) {
    List<String> all = new ArrayList<>();
    for (Object p : parts) {
      if (p instanceof String[] many) {
        all.addAll(List.of(many));
      } else {
        all.add((String) p);
      }
    }
    return all.toArray(String[]::new);
  }
}
