package io.backupsidecar.app.cli;

import static io.backupsidecar.app.cli.CliHarness.fixedAt;
import static io.backupsidecar.app.cli.CliHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.backupsidecar.app.cli.CliHarness.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, one machine interface: every command's real {@code --json} output, successes and
 * failures, is one object valid against {@code output.schema.json}, with the facts' field names.
 */
class CliJsonSchemaTest {
  static final String SCHEMA_RESOURCE = "/io/backupsidecar/app/cli/output.schema.json";
  private static final JsonSchema SCHEMA = load();
  private static final long T = 1_790_000_000_000L;

  @TempDir Path dir;
  private Path conf;

  @BeforeEach
  void threeSnapshots() throws Exception {
    conf = dir.resolve("app.conf");
    for (int i = 0; i < 3; i++) {
      Files.writeString(conf, "version " + i + "\n");
      assertEquals(0, run(fixedAt(T + i), "snapshot", conf.toString()).exit());
    }
    Files.writeString(conf, "changed\n");
    Files.writeString(dir.resolve(".app.conf.backup." + (T + 5) + ".bak"), "interrupted");
  }

  @Test
  void every_commands_json_output_is_one_object_valid_against_the_schema() throws Exception {
    Map<String, Result> runs = new LinkedHashMap<>();
    runs.put("snapshot", run(fixedAt(T + 10), "snapshot", "--json", conf.toString()));
    runs.put("snapshot --dry-run", run("snapshot", "--json", "--dry-run", conf.toString()));
    runs.put("list", run("list", "--json", conf.toString()));
    runs.put("show", run("show", "--json", conf.toString()));
    runs.put("restore --dry-run", run("restore", "--json", "--dry-run", conf.toString()));
    runs.put("restore", run(fixedAt(T + 20), "restore", "--json", "--at", "@1", conf.toString()));
    runs.put("restore again", run("restore", "--json", "--at", "@1", conf.toString()));
    runs.put(
        "restore --to",
        run(
            "restore",
            "--json",
            "--at",
            "@2",
            "--to",
            dir.resolve("elsewhere").toString(),
            conf.toString()));
    runs.put("diff", run("diff", "--json", "--at", "@2", conf.toString()));
    runs.put("diff same", run("diff", "--json", "--at", "@0", conf.toString()));
    runs.put("verify", run("verify", "--json", dir.toString()));
    runs.put(
        "prune --dry-run",
        run(fixedAt(T + 30), "prune", "--json", "--dry-run", "--keep", "1", conf.toString()));
    runs.put("prune", run(fixedAt(T + 30), "prune", "--json", "--keep", "2", conf.toString()));
    runs.put("exec", run("exec", "--json", "--target", conf.toString(), "--", "true"));
    runs.put("exec failing", run("exec", "--json", "--target", conf.toString(), "--", "false"));
    runs.put(
        "exec not found",
        run("exec", "--json", "--target", conf.toString(), "--", "no-such-command-here"));
    runs.put("error: directory", run("list", "--json", dir.toString()));
    runs.put("error: usage", run("restore", "--json", "--no-such-option", conf.toString()));
    runs.put("error: no command", run("--json", "prnue"));
    runs.put("error: ambiguous", run("show", "--json", "--at", "17", conf.toString()));

    for (Map.Entry<String, Result> e : runs.entrySet()) {
      Result r = e.getValue();
      JsonNode doc = CliHarness.parse(r.out());
      assertTrue(doc.isObject(), e.getKey() + ": " + r);
      assertEquals(Set.of(), SCHEMA.validate(doc), e.getKey() + ": " + r);
      // diff exits 1 for "different", like diff(1): that is no error
      assertEquals(
          r.exit() != 0 && !e.getKey().startsWith("diff"),
          doc.has("error_id"),
          e.getKey() + ": " + r);
      if (doc.has("error_id")) {
        assertEquals(r.exit(), doc.get("exit_code").asInt(), e.getKey() + ": " + r);
      }
    }
    JsonNode rows = CliHarness.parse(run("list", "--json", conf.toString()).out()).get("snapshots");
    assertTrue(rows.findValuesAsText("state").contains("restore_capture"), rows::toString);
  }

  @Test
  void json_uses_the_facts_names_backup_is_the_file_name_the_facts_record() throws Exception {
    Path facts = dir.resolve("facts.jsonl");

    Result r =
        run(fixedAt(T + 10), "snapshot", "--json", "--facts", facts.toString(), conf.toString());

    JsonNode out = CliHarness.parse(r.out()).get("snapshots").get(0);
    JsonNode fact = CliHarness.parse(Files.readAllLines(facts).get(0));
    for (String field :
        List.of(
            "backup",
            "stamp",
            "prior_kind",
            "payload_hash",
            "hash_alg",
            "backup_durable",
            "bytes")) {
      assertEquals(fact.get(field), out.get(field), field + " in " + r);
    }
  }

  @Test
  void the_schema_rejects_what_the_issue_complained_of() throws Exception {
    // an absolute path where facts have a file name, display text where an enum belongs,
    // an array where one object belongs: each must fail, or the schema checks nothing
    ObjectNode list = (ObjectNode) CliHarness.parse(run("list", "--json", conf.toString()).out());
    ObjectNode row = (ObjectNode) list.get("snapshots").get(0);
    row.put("state", "complete (restore capture)");
    assertFalse(SCHEMA.validate(list).isEmpty());

    ObjectNode snapshot =
        (ObjectNode)
            CliHarness.parse(run(fixedAt(T + 10), "snapshot", "--json", conf.toString()).out());
    ((ObjectNode) snapshot.get("snapshots").get(0))
        .put("backup", dir.resolve(".app.conf.backup." + (T + 10) + ".bak").toString());
    assertFalse(SCHEMA.validate(snapshot).isEmpty());

    JsonNode array = CliHarness.JSON.createArrayNode().add(snapshot);
    assertFalse(SCHEMA.validate(array).isEmpty());

    ObjectNode error =
        CliHarness.JSON.createObjectNode().put("command", "list").put("error_id", "E_USAGE");
    Set<ValidationMessage> problems = SCHEMA.validate(error);
    assertFalse(problems.isEmpty(), "an error without exit_code and message");
  }

  private static JsonSchema load() {
    try (InputStream in = CliJsonSchemaTest.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing " + SCHEMA_RESOURCE);
      }
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(CliHarness.JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
