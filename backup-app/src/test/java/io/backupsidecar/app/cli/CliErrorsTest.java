package io.backupsidecar.app.cli;

import static io.backupsidecar.app.cli.CliHarness.names;
import static io.backupsidecar.app.cli.CliHarness.parse;
import static io.backupsidecar.app.cli.CliHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.backupsidecar.app.cli.CliHarness.Result;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, errors: a mistake is an error with its id, said once, in words, with the full command
 * to run next; nothing ends in a Java stack trace unless asked for.
 */
class CliErrorsTest {
  @TempDir Path dir;

  @Test
  void verify_of_a_path_that_does_not_exist_is_backup_missing_not_zero_checked() {
    Path missing = dir.resolve("nonexistent");

    Result r = run("verify", missing.toString());

    assertEquals(60, r.exit(), r::toString);
    assertTrue(
        r.err().startsWith("error E_BACKUP_MISSING: " + missing + " does not exist"), r::toString);
    assertEquals("", r.out(), r::toString);
  }

  @Test
  void list_of_a_directory_is_unsupported_node_and_says_what_to_run() {
    Result r = run("list", dir.toString());

    assertEquals(64, r.exit(), r::toString);
    assertTrue(
        r.err().startsWith("error E_UNSUPPORTED_NODE: " + dir + " is a directory"), r::toString);
    assertTrue(r.err().contains("'backup verify " + dir + "'"), r::toString);
  }

  @Test
  void prune_of_a_directory_is_unsupported_node_and_removes_nothing() throws Exception {
    Path conf = dir.resolve("conf");
    Files.writeString(conf, "v1");
    assertEquals(0, run("snapshot", conf.toString()).exit());
    assertEquals(0, run("snapshot", conf.toString()).exit());
    List<String> before = names(dir);

    Result r = run("prune", "--keep", "1", dir.toString());

    assertEquals(64, r.exit(), r::toString);
    assertTrue(r.err().startsWith("error E_UNSUPPORTED_NODE: "), r::toString);
    assertEquals(before, names(dir));
  }

  @Test
  void list_of_a_missing_path_without_snapshots_is_backup_missing() {
    Path typo = dir.resolve("app.cnof");

    Result r = run("list", typo.toString());

    assertEquals(60, r.exit(), r::toString);
    assertTrue(
        r.err().contains(typo + " does not exist and has no snapshot with tag 'backup'"),
        r::toString);
  }

  @Test
  void a_typo_in_the_command_gets_picocli_suggestion_with_the_full_command() {
    Result r = run("prnue", "--keep", "1", "x");

    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().startsWith("error E_USAGE: "), r::toString);
    assertTrue(r.err().contains("hint: did you mean: backup prune?"), r::toString);
  }

  @Test
  void mutually_exclusive_options_say_error_once() {
    Result r = run("restore", "--previous", "--at", "1", dir.resolve("f").toString());

    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().startsWith("error E_USAGE: --previous, --at"), r::toString);
    assertFalse(r.err().toLowerCase().replaceFirst("error", "").contains("error"), r::toString);
    assertTrue(r.err().contains("hint: run 'backup restore --help' for usage"), r::toString);
  }

  @Test
  void a_usage_error_found_after_parsing_names_the_full_command_to_get_help() {
    Result r = run("prune", "--keep", "0", dir.resolve("f").toString());

    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().contains("hint: run 'backup prune --help' for usage"), r::toString);
  }

  @Test
  void a_facts_file_that_cannot_be_opened_is_named_with_the_os_error_in_words() {
    Path facts = dir.resolve("no-such-dir").resolve("facts.jsonl");

    Result r = run("snapshot", "--facts", facts.toString(), dir.resolve("f").toString());

    assertEquals(2, r.exit(), r::toString);
    assertEquals(
        "error E_USAGE: cannot open the facts file " + facts + ": No such file or directory\n",
        r.err(),
        r::toString);
  }

  @Test
  void a_device_as_the_facts_file_is_refused_in_words_not_a_java_exception() throws Exception {
    // --facts opens nothing but a regular file (a FIFO must not hang, a device must not be
    // written): /dev/full is refused before anything is written, in words naming it
    Path full = Path.of("/dev/full");
    assumeTrue(Files.exists(full), "needs /dev/full (Linux)");
    Path f = Files.writeString(dir.resolve("f"), "x");

    Result r = run("snapshot", "--facts", full.toString(), f.toString());

    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().startsWith("error E_USAGE: "), r::toString);
    assertTrue(r.err().contains("/dev/full"), r::toString);
    assertFalse(r.err().contains("java."), r::toString);
    assertFalse(r.err().contains("\tat "), r::toString);
    try (var entries = Files.list(dir)) {
      assertEquals(
          List.of("f"),
          entries.map(p -> p.getFileName().toString()).toList(),
          "nothing was snapshotted");
    }
  }

  @Test
  void an_unexpected_failure_is_e_generic_exit_1_without_a_stack_trace() throws Exception {
    Result r = runOn(closedFileSystem(), "list", "/x");

    assertEquals(1, r.exit(), r::toString);
    assertTrue(r.err().startsWith("error E_GENERIC: "), r::toString);
    assertTrue(r.err().contains("hint: run again with --debug"), r::toString);
    assertFalse(r.err().contains("\tat "), r::toString);
  }

  @Test
  void with_debug_an_unexpected_failure_shows_its_stack_trace() throws Exception {
    Result r = runOn(closedFileSystem(), "list", "--debug", "/x");

    assertEquals(1, r.exit(), r::toString);
    assertTrue(r.err().startsWith("error E_GENERIC: "), r::toString);
    assertTrue(r.err().contains("\tat "), r::toString);
  }

  @Test
  void under_json_an_error_is_one_object_on_stdout_and_one_line_on_stderr() throws Exception {
    Result r = run("list", "--json", dir.toString());

    assertEquals(64, r.exit(), r::toString);
    JsonNode doc = parse(r.out());
    assertEquals("list", doc.get("command").asText());
    assertEquals("E_UNSUPPORTED_NODE", doc.get("error_id").asText());
    assertEquals(64, doc.get("exit_code").asInt());
    assertEquals(dir.toString(), doc.get("path").asText());
    assertTrue(doc.get("message").asText().contains("is a directory"), doc::toString);
    assertEquals(1, r.err().lines().filter(l -> l.startsWith("error ")).count(), r::toString);
  }

  @Test
  void under_json_a_usage_error_is_a_json_object_too() throws Exception {
    Result r = run("restore", "--json", "--no-such-option", "x");

    assertEquals(2, r.exit(), r::toString);
    JsonNode doc = parse(r.out());
    assertEquals("E_USAGE", doc.get("error_id").asText());
    assertEquals(2, doc.get("exit_code").asInt());
    assertTrue(doc.get("message").asText().contains("--no-such-option"), doc::toString);
  }

  /**
   * Too few file descriptors: the JVM starts, but a class cannot be loaded later. That must end as
   * {@code error E_GENERIC}, never as an uncaught error with a stack trace.
   */
  @Test
  void too_few_file_descriptors_end_in_an_error_id_never_a_stack_trace() throws Exception {
    Path f = Files.writeString(dir.resolve("f"), "x");
    // the classes as directories, as in a build: each class loaded later needs a descriptor
    String classPath =
        String.join(
            java.io.File.pathSeparator,
            List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .stream()
                .filter(
                    e ->
                        e.contains("backup-") && !e.contains("test-classes")
                            || e.contains("picocli")
                            || e.contains("jackson"))
                .toList());
    for (int limit = 8; limit <= 24; limit++) {
      List<String> command =
          new ArrayList<>(
              List.of(
                  "sh",
                  "-c",
                  "ulimit -n " + limit + " && exec \"$@\"",
                  "sh",
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xshare:auto",
                  "-XX:TieredStopAtLevel=1",
                  Runtime.version().feature() >= 22
                      ? "--enable-native-access=ALL-UNNAMED"
                      : "-Xshare:auto",
                  "-cp",
                  classPath,
                  Main.class.getName(),
                  "snapshot",
                  "--no-durability",
                  f.toString()));
      Result r = CliHarness.runProcess(dir, command);
      String context = "ulimit -n " + limit + ": " + r;
      assertFalse(r.err().contains("Exception in thread"), context);
      assertFalse(r.err().contains("\tat "), context);
      if (r.err().contains("backupsidecar")) {
        // our code ran and failed (a JVM that cannot start at all is not ours to report)
        assertTrue(r.err().startsWith("error E_GENERIC: "), context);
        assertEquals(1, r.exit(), context);
      }
    }
  }

  @Test
  void hints_keyed_by_error_id_name_the_full_command_with_the_tag_in_use() throws Exception {
    Path conf = Files.writeString(dir.resolve("conf"), "v1");
    assertEquals(0, run("snapshot", "--tag", "deploy", conf.toString()).exit());
    Path payload =
        CliHarness.namesStartingWith(dir, ".conf.deploy.").stream()
            .filter(n -> n.endsWith(".bak"))
            .map(dir::resolve)
            .findFirst()
            .orElseThrow();
    CliHarness.flipByte(payload, 0);
    Files.writeString(conf, "v2");

    Result r = run("restore", "--tag", "deploy", conf.toString());

    assertEquals(70, r.exit(), r::toString);
    assertTrue(
        r.err()
            .contains(
                "\nhint: check every snapshot of it: backup verify --tag deploy " + conf + "\n"),
        r::toString);
    assertEquals("v2", Files.readString(conf));
  }

  private static FileSystem closedFileSystem() throws Exception {
    FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
    fs.close();
    return fs;
  }

  private static Result runOn(FileSystem fs, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter o = new PrintWriter(out);
    PrintWriter e = new PrintWriter(err);
    int exit = new Cli(fs, Clock.systemUTC(), o, e, false).run(args);
    o.flush();
    e.flush();
    return new Result(exit, out.toString(), err.toString());
  }
}
