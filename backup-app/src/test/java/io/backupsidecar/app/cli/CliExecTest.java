package io.backupsidecar.app.cli;

import static io.backupsidecar.app.cli.CliHarness.mode;
import static io.backupsidecar.app.cli.CliHarness.mtime;
import static io.backupsidecar.app.cli.CliHarness.run;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    Result r = run("exec", "--target", a.toString(), "--target", b.toString(),
        "--target", c.toString(), "--", "sh", "-c", script);

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

    Result r = run("exec", "--target", a.toString(), "--", "sh", "-c",
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

    Result r = run("exec", "--facts", "-", "--target", a.toString(), "--", "sh", "-c",
        "echo command output");

    assertEquals(0, r.exit(), r::toString);
    List<String> events = new ArrayList<>();
    for (String line : r.outLines()) {
      events.add(CliHarness.parse(line).get("event").asText());
    }
    assertEquals(List.of("snapshot.result", "apply.result"), events, r::toString);
    assertTrue(r.err().contains("command output"), r::toString);
  }
}
