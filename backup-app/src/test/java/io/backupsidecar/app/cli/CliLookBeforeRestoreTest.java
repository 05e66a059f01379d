package io.backupsidecar.app.cli;

import static io.backupsidecar.app.cli.CliHarness.fixedAt;
import static io.backupsidecar.app.cli.CliHarness.flipByte;
import static io.backupsidecar.app.cli.CliHarness.mode;
import static io.backupsidecar.app.cli.CliHarness.mtime;
import static io.backupsidecar.app.cli.CliHarness.names;
import static io.backupsidecar.app.cli.CliHarness.parse;
import static io.backupsidecar.app.cli.CliHarness.payload;
import static io.backupsidecar.app.cli.CliHarness.run;
import static io.backupsidecar.app.cli.CliHarness.sha256;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupsidecar.app.cli.CliHarness.Result;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, looking before restoring: {@code cat} prints a payload's verified bytes, {@code diff}
 * says what changed since a snapshot, {@code restore --to} writes a snapshot's state elsewhere
 * without touching the target or its history.
 */
class CliLookBeforeRestoreTest {
  private static final long T = 1_790_000_000_000L;
  private static final FileTime OLD = FileTime.from(Instant.parse("2022-02-02T02:02:02Z"));
  private static final String BEFORE = "listen 80\nuser www\nworkers 4\n";

  @TempDir Path dir;
  private Path conf;

  @BeforeEach
  void snapshotThenChange() throws Exception {
    conf = dir.resolve("app.conf");
    Files.writeString(conf, BEFORE);
    Files.setAttribute(conf, "unix:mode", 0640);
    Files.setLastModifiedTime(conf, OLD);
    assertEquals(0, run(fixedAt(T), "snapshot", conf.toString()).exit());
    Files.writeString(conf, "listen 8080\nuser www\nworkers 4\n");
    Files.setAttribute(conf, "unix:mode", 0644);
  }

  /** Runs with stdout captured as bytes, as a pipe would receive them. */
  private static Map.Entry<Result, byte[]> runBinary(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    PrintWriter out = new PrintWriter(bytes, true, StandardCharsets.UTF_8);
    PrintWriter e = new PrintWriter(err);
    int exit =
        new Cli(FileSystems.getDefault(), java.time.Clock.systemUTC(), out, e, false, bytes)
            .run(args);
    out.flush();
    e.flush();
    return Map.entry(new Result(exit, "", err.toString()), bytes.toByteArray());
  }

  @Test
  void cat_prints_the_payloads_bytes_exactly_even_binary() throws Exception {
    Path bin = dir.resolve("blob");
    byte[] content = new byte[70_000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31);
    }
    Files.write(bin, content);
    assertEquals(0, run("snapshot", bin.toString()).exit());
    Files.write(bin, new byte[] {1});

    Map.Entry<Result, byte[]> r = runBinary("cat", bin.toString());

    assertEquals(0, r.getKey().exit(), r.getKey()::toString);
    assertArrayEquals(content, r.getValue());
    assertEquals("", r.getKey().err());
  }

  @Test
  void cat_refuses_a_payload_whose_hash_does_not_match_and_prints_nothing() throws Exception {
    flipByte(payload(conf, T), 0);

    Map.Entry<Result, byte[]> r = runBinary("cat", conf.toString());

    assertEquals(70, r.getKey().exit(), r.getKey()::toString);
    assertEquals(0, r.getValue().length, "no byte of a damaged payload is printed");
    assertTrue(
        r.getKey().err().startsWith("error E_RESTORE_FAILED: payload "), r.getKey()::toString);
    assertTrue(r.getKey().err().contains("does not match its recorded hash"), r.getKey()::toString);
  }

  @Test
  void cat_refuses_a_payload_swapped_for_a_fifo_without_blocking_on_it() throws Exception {
    Path payload = payload(conf, T);
    Files.delete(payload);
    Process mkfifo = new ProcessBuilder("mkfifo", payload.toString()).inheritIO().start();
    assertTrue(mkfifo.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(0, mkfifo.exitValue());

    Map.Entry<Result, byte[]> r =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            java.time.Duration.ofSeconds(20),
            () -> runBinary("cat", "--no-require-integrity", conf.toString()));

    assertEquals(70, r.getKey().exit(), r.getKey()::toString);
    assertEquals(0, r.getValue().length);
    assertTrue(r.getKey().err().contains("not a regular file"), r.getKey()::toString);
  }

  @Test
  void cat_relaxed_prints_a_damaged_payload_as_it_is() throws Exception {
    flipByte(payload(conf, T), 0);

    Map.Entry<Result, byte[]> r = runBinary("cat", "--no-require-integrity", conf.toString());

    assertEquals(0, r.getKey().exit(), r.getKey()::toString);
    assertArrayEquals(Files.readAllBytes(payload(conf, T)), r.getValue());
  }

  @Test
  void cat_of_a_symlink_snapshot_says_there_are_no_bytes() throws Exception {
    Path link = dir.resolve("link");
    Files.createSymbolicLink(link, Path.of("app.conf"));
    assertEquals(0, run("snapshot", link.toString()).exit());

    Result r = run("cat", link.toString());

    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().contains("a symlink to app.conf, not a file"), r::toString);
  }

  @Test
  void diff_shows_a_unified_diff_and_the_metadata_that_changed_and_exits_1() {
    Result r = run("diff", conf.toString());

    assertEquals(1, r.exit(), r::toString);
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.contains("mode: 100640 -> 100644"), r::toString);
    assertTrue(
        lines.stream().anyMatch(l -> l.startsWith("mtime: 2022-02-02T02:02:02Z -> ")), r::toString);
    int header = lines.indexOf("--- app.conf (snapshot " + T + ")");
    assertTrue(header >= 0, r::toString);
    assertEquals(
        List.of(
            "+++ app.conf (now)",
            "@@ -1,3 +1,3 @@",
            "-listen 80",
            "+listen 8080",
            " user www",
            " workers 4"),
        lines.subList(header + 1, header + 7));
    assertEquals(header + 7, lines.size(), r::toString);
  }

  @Test
  void diff_of_an_unchanged_target_exits_0() throws Exception {
    Files.writeString(conf, BEFORE);
    Files.setAttribute(conf, "unix:mode", 0640);
    Files.setLastModifiedTime(conf, OLD);

    Result r = run("diff", conf.toString());

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("is the state of snapshot " + T + " "), r::toString);
  }

  @Test
  void diff_summarises_binary_content_and_reports_kind_and_link_changes() throws Exception {
    Path bin = dir.resolve("blob");
    Files.write(bin, new byte[] {0, 1, 2});
    assertEquals(0, run("snapshot", bin.toString()).exit());
    Files.write(bin, new byte[] {0, 1, 3, 4});
    Path link = dir.resolve("link");
    Files.createSymbolicLink(link, Path.of("a"));
    assertEquals(0, run("snapshot", link.toString()).exit());
    Files.delete(link);
    Files.createSymbolicLink(link, Path.of("b"));

    Result binary = run("diff", bin.toString());
    Result moved = run("diff", link.toString());
    Files.delete(link);
    Result gone = run("diff", link.toString());

    assertEquals(1, binary.exit(), binary::toString);
    assertTrue(
        binary
            .out()
            .contains(
                "content: 3 bytes, sha256 "
                    + sha256(new byte[] {0, 1, 2})
                    + " -> 4 bytes, sha256 "),
        binary::toString);
    assertEquals(1, moved.exit(), moved::toString);
    assertTrue(moved.out().contains("link_destination: a -> b"), moved::toString);
    assertEquals(1, gone.exit(), gone::toString);
    assertTrue(gone.out().contains("kind: symlink -> none"), gone::toString);
  }

  @Test
  void diff_json_names_each_difference_and_carries_the_unified_diff() throws Exception {
    Result r = run("diff", "--json", conf.toString());

    assertEquals(1, r.exit(), r::toString);
    JsonNode doc = parse(r.out());
    assertEquals("diff", doc.get("command").asText());
    assertFalse(doc.get("same").asBoolean());
    assertEquals(T, doc.get("stamp").asLong());
    assertTrue(
        doc.get("differences")
            .findValuesAsText("field")
            .containsAll(List.of("mode", "mtime", "content")),
        doc::toString);
    assertTrue(doc.get("diff").asText().contains("-listen 80\n+listen 8080\n"), doc::toString);
  }

  @Test
  void diff_refuses_a_damaged_payload() throws Exception {
    flipByte(payload(conf, T), 0);

    Result r = run("diff", conf.toString());

    assertEquals(70, r.exit(), r::toString);
    assertTrue(r.err().contains("does not match its recorded hash"), r::toString);
  }

  @Test
  void restore_to_writes_the_snapshot_elsewhere_and_touches_neither_target_nor_history()
      throws Exception {
    Path other = dir.resolve("sub").resolve("app.conf.old");
    Files.createDirectories(other.getParent());
    Files.writeString(other, "to be replaced");
    String targetNow = Files.readString(conf);
    List<String> before = names(dir);

    Result r = run("restore", "--to", other.toString(), conf.toString());

    assertEquals(0, r.exit(), r::toString);
    assertEquals(BEFORE, Files.readString(other));
    assertEquals(0100640, mode(other));
    assertEquals(OLD, mtime(other));
    assertEquals(targetNow, Files.readString(conf));
    assertEquals(before, names(dir), "no capture, no snapshot");
    assertEquals(List.of("app.conf.old"), names(other.getParent()), "no temporary left");
    assertTrue(
        r.out()
            .contains(
                "restored "
                    + other
                    + " from snapshot "
                    + T
                    + " of "
                    + conf
                    + " (file, integrity verified)"),
        r::toString);
  }

  @Test
  void restore_to_refuses_a_damaged_payload_and_leaves_the_other_path_as_it_was() throws Exception {
    Path other = dir.resolve("other");
    Files.writeString(other, "keep me");
    flipByte(payload(conf, T), 0);

    Result r = run("restore", "--to", other.toString(), conf.toString());

    assertEquals(70, r.exit(), r::toString);
    assertEquals("keep me", Files.readString(other));
    assertFalse(names(dir).stream().anyMatch(n -> n.contains("restore-to")), names(dir)::toString);
  }

  @Test
  void restore_to_a_symlink_snapshot_creates_the_link_and_json_says_where() throws Exception {
    Path link = dir.resolve("link");
    Files.createSymbolicLink(link, Path.of("app.conf"));
    assertEquals(0, run("snapshot", link.toString()).exit());
    Path other = dir.resolve("link2");

    Result r = run("restore", "--json", "--to", other.toString(), link.toString());

    assertEquals(0, r.exit(), r::toString);
    assertEquals("app.conf", Files.readSymbolicLink(other).toString());
    assertTrue(Files.isSymbolicLink(link));
    JsonNode doc = parse(r.out());
    assertEquals(other.toString(), doc.get("to").asText());
    assertEquals("restored", doc.get("outcome").asText());
    assertEquals("symlink", doc.get("prior_kind").asText());
  }

  @Test
  void restore_to_a_directory_or_the_target_itself_is_refused() throws Exception {
    Result toDir = run("restore", "--to", dir.toString(), conf.toString());
    Result toSelf = run("restore", "--to", conf.toString(), conf.toString());

    assertEquals(64, toDir.exit(), toDir::toString);
    assertEquals(2, toSelf.exit(), toSelf::toString);
    assertTrue(Files.exists(conf, NOFOLLOW_LINKS));
  }
}
