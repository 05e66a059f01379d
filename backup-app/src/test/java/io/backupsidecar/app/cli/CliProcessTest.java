package io.backupsidecar.app.cli;

import static io.backupsidecar.app.cli.CliHarness.runMain;
import static io.backupsidecar.app.cli.CliHarness.sha256;
import static io.backupsidecar.app.cli.CliHarness.stampOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupsidecar.app.cli.CliHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Main} in its own JVM, as {@code bin/backup} runs it: relative paths against the working
 * directory, real exit statuses, real stdout and stderr.
 */
class CliProcessTest {
  @TempDir Path dir;

  @Test
  void snapshot_of_a_relative_path_writes_the_pair_beside_it_and_exits_0() throws Exception {
    Path file = Files.createDirectory(dir.resolve("some")).resolve("file");
    byte[] bytes = {0, 1, 2, 'a', '\n', (byte) 0xff};
    Files.write(file, bytes);
    long before = System.currentTimeMillis();

    Result r = runMain(dir, "snapshot", "some/file");

    long after = System.currentTimeMillis();
    assertEquals(0, r.exit(), r::toString);
    List<String> names = CliHarness.names(dir.resolve("some"));
    assertEquals(3, names.size(), names::toString);
    String payload = names.get(0);
    assertTrue(payload.matches("\\.file\\.backup\\.[0-9]+\\.bak"), payload);
    long stamp = stampOf(payload);
    assertTrue(stamp >= before && stamp <= after, stamp + " within the run");
    assertEquals(payload + ".meta.json", names.get(1));
    assertArrayEquals(bytes, Files.readAllBytes(dir.resolve("some").resolve(payload)));
    JsonNode sidecar = CliHarness.readJson(dir.resolve("some").resolve(names.get(1)));
    assertEquals(sha256(bytes), sidecar.get("payload_hash").asText());
    assertTrue(r.out().contains(file.toString()), r::toString);
  }

  @Test
  void exec_rolls_back_a_failing_shell_command_and_the_process_exits_80() throws Exception {
    Files.writeString(dir.resolve("A"), "a before");
    Files.writeString(dir.resolve("B"), "b before");

    Result r =
        runMain(
            dir,
            "exec",
            "--target",
            "A",
            "--target",
            "B",
            "--",
            "sh",
            "-c",
            "echo x > A; rm B; exit 3");

    assertEquals(80, r.exit(), r::toString);
    assertEquals("a before", Files.readString(dir.resolve("A")));
    assertEquals("b before", Files.readString(dir.resolve("B")));
    assertTrue(r.err().contains("rolled back " + dir.resolve("A")), r::toString);
    assertTrue(r.err().contains("rolled back " + dir.resolve("B")), r::toString);
    assertTrue(r.err().contains("error E_MUTATION_FAILED:"), r::toString);
  }

  @Test
  void ctrl_c_during_exec_rolls_back_instead_of_killing_the_tool_mid_mutation() throws Exception {
    Files.writeString(dir.resolve("A"), "a before");

    // as a terminal's Ctrl-C does, SIGINT reaches the tool (the shell's parent) and the command
    Result r =
        runMain(
            dir,
            "exec",
            "--target",
            "A",
            "--",
            "sh",
            "-c",
            "echo changed > A; kill -INT $PPID; sleep 0.3; kill -INT $$; sleep 5");

    assertEquals(80, r.exit(), r::toString);
    assertEquals("a before", Files.readString(dir.resolve("A")));
    assertTrue(r.err().contains("rolled back " + dir.resolve("A")), r::toString);
  }

  @Test
  void sigterm_to_the_tool_during_exec_is_relayed_to_the_command_then_rolled_back()
      throws Exception {
    Files.writeString(dir.resolve("A"), "a before");

    // as a service manager stopping the tool does: SIGTERM to the tool alone
    Result r =
        runMain(
            dir,
            "exec",
            "--target",
            "A",
            "--",
            "sh",
            "-c",
            "echo changed > A; kill -TERM $PPID; sleep 5 & wait");

    assertEquals(80, r.exit(), r::toString);
    assertEquals("a before", Files.readString(dir.resolve("A")));
    assertTrue(r.err().contains("rolled back " + dir.resolve("A")), r::toString);
  }

  @Test
  void restore_without_a_snapshot_exits_60_naming_the_path() {
    Result r = runMain(dir, "restore", "missing.conf");

    assertEquals(60, r.exit(), r::toString);
    assertTrue(r.err().startsWith("error E_BACKUP_MISSING: "), r::toString);
    assertTrue(r.err().contains(dir.resolve("missing.conf").toString()), r::toString);
    assertEquals("", r.out());
  }

  @Test
  void an_unknown_option_exits_2_with_e_usage() {
    Result r = runMain(dir, "snapshot", "--frobnicate", "x");

    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().startsWith("error E_USAGE: "), r::toString);
  }

  @Test
  void facts_dash_makes_stdout_pure_json_lines() throws Exception {
    Files.writeString(dir.resolve("X"), "x");

    Result r = runMain(dir, "snapshot", "--facts", "-", "X");

    assertEquals(0, r.exit(), r::toString);
    assertEquals(1, r.outLines().size(), r::toString);
    assertEquals("snapshot.result", CliHarness.parse(r.outLines().get(0)).get("event").asText());
    assertTrue(r.err().contains("TARGET"), r::toString);
  }

  @Test
  void exec_with_facts_on_stdout_keeps_the_commands_output_out_of_the_facts() throws Exception {
    Files.writeString(dir.resolve("A"), "a before");

    Result r = runMain(dir, "exec", "--facts", "-", "--target", "A", "--", "echo", "hello");

    assertEquals(0, r.exit(), r::toString);
    assertEquals(2, r.outLines().size(), r::toString);
    for (String line : r.outLines()) {
      assertTrue(line.startsWith("{\"schema_version\":1,"), r::toString);
    }
    assertTrue(r.err().contains("hello"), r::toString);
  }
}
