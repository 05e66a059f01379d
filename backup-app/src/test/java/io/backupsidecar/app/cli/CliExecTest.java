package io.backupsidecar.app.cli;

import static io.backupsidecar.app.cli.CliHarness.mode;
import static io.backupsidecar.app.cli.CliHarness.mtime;
import static io.backupsidecar.app.cli.CliHarness.run;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupsidecar.app.cli.CliHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue "restore/exec": {@code backup exec} rolls every target back when the command fails. */
class CliExecTest {
  private static final FileTime OLD = FileTime.from(Instant.parse("2022-02-02T02:02:02Z"));

  @TempDir Path dir;

  @Test
  void a_failing_command_leaves_every_target_as_it_was_and_exits_80() throws Exception {
    Path a = dir.resolve("A");
    Path b = dir.resolve("B");
    Path c = dir.resolve("C");
    Files.writeString(a, "a before");
    Files.setAttribute(a, "unix:mode", 0640);
    Files.setLastModifiedTime(a, OLD);
    Files.createSymbolicLink(b, Path.of("A"));
    String script = String.format("echo x > '%s'; rm '%s'; echo new > '%s'; exit 3", a, b, c);

    Result r =
        run(
            "exec",
            "--target",
            a.toString(),
            "--target",
            b.toString(),
            "--target",
            c.toString(),
            "--",
            "sh",
            "-c",
            script);

    assertEquals(80, r.exit(), r::toString);
    assertEquals("a before", Files.readString(a));
    assertEquals(0100640, mode(a));
    assertEquals(OLD, mtime(a));
    assertTrue(Files.isSymbolicLink(b));
    assertEquals("A", Files.readSymbolicLink(b).toString());
    assertFalse(Files.exists(c, NOFOLLOW_LINKS), "C did not exist before the command");
    assertTrue(r.err().contains("error E_MUTATION_FAILED:"), r::toString);
    assertTrue(r.err().contains("status 3"), r::toString);
    for (Path p : new Path[] {a, b, c}) {
      assertTrue(r.err().contains("rolled back " + p + "\n"), r::toString);
    }
    assertFalse(r.err().contains("NOT rolled back"), r::toString);
  }

  @Test
  void a_succeeding_command_exits_0_and_keeps_its_changes() throws Exception {
    Path a = dir.resolve("A");
    Files.writeString(a, "a before");

    Result r =
        run(
            "exec",
            "--target",
            a.toString(),
            "--",
            "sh",
            "-c",
            String.format("echo after > '%s'", a));

    assertEquals(0, r.exit(), r::toString);
    assertEquals("after\n", Files.readString(a));
    assertEquals("", r.err(), r::toString);
  }

  @Test
  void exec_without_a_target_is_a_usage_error() {
    Result r = run("exec", "--", "true");

    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().contains("error E_USAGE:"), r::toString);
  }

  @Test
  void with_facts_on_stdout_the_commands_output_goes_to_stderr_not_into_the_facts()
      throws Exception {
    Path a = dir.resolve("A");
    Files.writeString(a, "a before");

    Result r =
        run(
            "exec",
            "--facts",
            "-",
            "--target",
            a.toString(),
            "--",
            "sh",
            "-c",
            "echo command output");

    assertEquals(0, r.exit(), r::toString);
    List<String> events = new ArrayList<>();
    for (String line : r.outLines()) {
      events.add(CliHarness.parse(line).get("event").asText());
    }
    assertEquals(List.of("snapshot.result", "apply.result"), events, r::toString);
    assertTrue(r.err().contains("command output"), r::toString);
  }

  @Test
  void a_command_that_is_not_found_exits_127_like_a_shell_and_changes_nothing() throws Exception {
    Path a = dir.resolve("A");
    Files.writeString(a, "a before");

    Result r = run("exec", "--target", a.toString(), "--", "no-such-command-here", "x");

    assertEquals(127, r.exit(), r::toString);
    assertEquals("a before", Files.readString(a));
    assertTrue(
        r.err()
            .contains(
                "error E_MUTATION_FAILED: the mutation failed (command "
                    + "no-such-command-here could not be started: No such file or directory)"),
        r::toString);
  }

  @Test
  void a_command_that_cannot_be_run_exits_126_like_a_shell() throws Exception {
    Path a = dir.resolve("A");
    Files.writeString(a, "a before");
    Path notExecutable = Files.writeString(dir.resolve("tool"), "#!/bin/sh\nexit 0\n");
    Files.setAttribute(notExecutable, "unix:mode", 0644);

    Result r = run("exec", "--target", a.toString(), "--", notExecutable.toString());

    assertEquals(126, r.exit(), r::toString);
    assertTrue(r.err().contains("could not be started: Permission denied"), r::toString);
  }

  @Test
  void json_summary_of_a_rolled_back_command_carries_its_status_and_the_error() throws Exception {
    Path a = dir.resolve("A");
    Files.writeString(a, "a before");

    Result r =
        run(
            "exec",
            "--json",
            "--target",
            a.toString(),
            "--",
            "sh",
            "-c",
            String.format("echo x > '%s'; exit 7", a));

    assertEquals(80, r.exit(), r::toString);
    JsonNode doc = CliHarness.parse(r.out());
    assertEquals("exec", doc.get("command").asText());
    assertEquals("rolled_back", doc.get("outcome").asText());
    assertEquals(7, doc.get("command_status").asInt());
    assertEquals("E_MUTATION_FAILED", doc.get("error_id").asText());
    assertEquals(80, doc.get("exit_code").asInt());
    assertEquals(a.toString(), doc.get("rolled_back").get(0).asText());
    assertEquals(a.toString(), doc.get("snapshots").get(0).get("target").asText());
    assertEquals("a before", Files.readString(a));
  }

  @Test
  void json_summary_of_a_command_not_found_says_not_started_with_127() throws Exception {
    Path a = dir.resolve("A");

    Result r = run("exec", "--json", "--target", a.toString(), "--", "no-such-command-here");

    assertEquals(127, r.exit(), r::toString);
    JsonNode doc = CliHarness.parse(r.out());
    assertEquals("not_started", doc.get("outcome").asText());
    assertEquals(127, doc.get("command_status").asInt());
    assertEquals(127, doc.get("exit_code").asInt());
    assertFalse(Files.exists(a, NOFOLLOW_LINKS));
  }

  @Test
  void json_summary_of_a_succeeding_command_is_committed_with_status_0() throws Exception {
    Path a = dir.resolve("A");
    Files.writeString(a, "a before");

    Result r = run("exec", "--json", "--target", a.toString(), "--", "true");

    assertEquals(0, r.exit(), r::toString);
    JsonNode doc = CliHarness.parse(r.out());
    assertEquals("committed", doc.get("outcome").asText());
    assertEquals(0, doc.get("command_status").asInt());
    assertFalse(doc.has("error_id"), doc::toString);
  }

  @Test
  void the_facts_of_a_rolled_back_command_carry_its_status() throws Exception {
    Path a = dir.resolve("A");
    Files.writeString(a, "a before");
    Path facts = dir.resolve("facts.jsonl");

    Result r =
        run(
            "exec",
            "--facts",
            facts.toString(),
            "--target",
            a.toString(),
            "--",
            "sh",
            "-c",
            "exit 5");

    assertEquals(80, r.exit(), r::toString);
    JsonNode apply =
        Files.readAllLines(facts).stream()
            .map(CliExecTest::json)
            .filter(f -> f.get("event").asText().equals("apply.result"))
            .findFirst()
            .orElseThrow();
    assertEquals("E_MUTATION_FAILED", apply.get("error_id").asText());
    assertTrue(
        apply.get("message").asText().contains("command sh exited with status 5"), apply::toString);
  }

  private static JsonNode json(String line) {
    try {
      return CliHarness.parse(line);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
