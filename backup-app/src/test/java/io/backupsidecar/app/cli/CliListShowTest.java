package io.backupsidecar.app.cli;

import static io.backupsidecar.app.cli.CliHarness.fixedAt;
import static io.backupsidecar.app.cli.CliHarness.parse;
import static io.backupsidecar.app.cli.CliHarness.payload;
import static io.backupsidecar.app.cli.CliHarness.run;
import static io.backupsidecar.app.cli.CliHarness.sha256;
import static io.backupsidecar.app.cli.CliHarness.sidecar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupsidecar.app.cli.CliHarness.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue "foundation": {@code list} shows a target's snapshots newest first with kind, size and
 * time, marks an incomplete one (a payload whose sidecar a crash never wrote), and neither {@code
 * show} nor {@code restore} ever takes an incomplete one for the latest.
 */
class CliListShowTest {
  private static final long T = 1_700_000_000_000L;

  @TempDir Path dir;
  private Path target;

  /** Stamps T (absent), T+1 (file "version two", 11 bytes), T+2 (symlink), T+3 (crashed). */
  @BeforeEach
  void fourSnapshotsTheNewestOfWhichCrashedBeforeItsSidecar() throws Exception {
    target = dir.resolve("app.conf");
    assertEquals(0, run(fixedAt(T), "snapshot", target.toString()).exit());
    Files.writeString(target, "version two");
    assertEquals(0, run(fixedAt(T), "snapshot", target.toString()).exit());
    Files.delete(target);
    Files.createSymbolicLink(target, Path.of("other.conf"));
    assertEquals(0, run(fixedAt(T), "snapshot", target.toString()).exit());
    Files.delete(target);
    Files.writeString(target, "version four!");
    assertEquals(0, run(fixedAt(T), "snapshot", target.toString()).exit());
    // a crash between the payload and the sidecar leaves the payload alone
    Files.delete(sidecar(target, T + 3));
    Files.writeString(target, "version five, current");
  }

  @Test
  void list_shows_snapshots_newest_first_with_kind_size_time_and_marks_the_incomplete_one() {
    Result r = run("list", target.toString());

    assertEquals(0, r.exit(), r::toString);
    List<String> lines = r.outLines();
    assertEquals(5, lines.size(), r::toString);
    assertTrue(lines.get(0).contains("STAMP") && lines.get(0).contains("KIND"), r::toString);
    assertRow(lines.get(1), T + 3, "INCOMPLETE");
    assertRow(lines.get(2), T + 2, "symlink");
    assertRow(lines.get(3), T + 1, "file", "11", "complete");
    assertRow(lines.get(4), T, "none", "complete");
    assertFalse(lines.get(1).contains("complete "), lines.get(1));
  }

  private static void assertRow(String line, long stamp, String... cells) {
    List<String> words = List.of(line.trim().split("\\s+"));
    assertEquals(Long.toString(stamp), words.get(0), line);
    assertEquals(Instant.ofEpochMilli(stamp).toString(), words.get(1), line);
    for (String cell : cells) {
      assertTrue(words.contains(cell), () -> "'" + cell + "' in " + line);
    }
    assertTrue(line.endsWith(".app.conf.backup." + stamp + ".bak"), line);
  }

  @Test
  void list_json_gives_the_same_snapshots_as_one_json_document() throws Exception {
    Result r = run("list", "--json", target.toString());

    assertEquals(0, r.exit(), r::toString);
    JsonNode doc = parse(r.out());
    assertEquals(target.toString(), doc.get("target").asText());
    assertEquals("backup", doc.get("tag").asText());
    JsonNode s = doc.get("snapshots");
    assertEquals(4, s.size());
    assertEquals(T + 3, s.get(0).get("stamp").asLong());
    assertFalse(s.get(0).get("complete").asBoolean());
    assertEquals("incomplete", s.get(0).get("state").asText());
    assertEquals(payload(target, T + 3).getFileName().toString(), s.get(0).get("backup").asText());
    assertEquals(T + 2, s.get(1).get("stamp").asLong());
    assertEquals("symlink", s.get(1).get("prior_kind").asText());
    assertTrue(s.get(1).get("complete").asBoolean());
    assertEquals(T + 1, s.get(2).get("stamp").asLong());
    assertEquals("file", s.get(2).get("prior_kind").asText());
    assertEquals(11, s.get(2).get("bytes").asLong());
    assertEquals(Instant.ofEpochMilli(T + 1).toString(), s.get(2).get("time").asText());
    assertEquals(T, s.get(3).get("stamp").asLong());
    assertEquals("none", s.get(3).get("prior_kind").asText());
  }

  @Test
  void show_prints_the_sidecar_of_the_newest_complete_snapshot_not_the_incomplete_one()
      throws Exception {
    Result r = run("show", target.toString());

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains(sidecar(target, T + 2).toString()), r::toString);
    assertTrue(r.out().contains(Files.readString(sidecar(target, T + 2))), r::toString);
    assertTrue(r.out().contains("\"prior_dest\": \"other.conf\""), r::toString);
  }

  @Test
  void show_at_a_stamp_prints_that_snapshots_sidecar_and_json_parses() throws Exception {
    Result r = run("show", "--json", "--at", Long.toString(T + 1), target.toString());

    assertEquals(0, r.exit(), r::toString);
    JsonNode doc = parse(r.out());
    assertEquals(payload(target, T + 1).getFileName().toString(), doc.get("backup").asText());
    assertEquals("file", doc.get("sidecar").get("prior_kind").asText());
    assertEquals(
        sha256("version two".getBytes(StandardCharsets.UTF_8)),
        doc.get("sidecar").get("payload_hash").asText());
  }

  @Test
  void show_of_the_incomplete_stamp_is_backup_missing() {
    Result r = run("show", "--at", Long.toString(T + 3), target.toString());

    assertEquals(60, r.exit(), r::toString);
    assertTrue(r.err().contains("error E_BACKUP_MISSING:"), r::toString);
    assertTrue(r.err().contains(target.toString()), r::toString);
  }

  @Test
  void restore_never_takes_the_incomplete_snapshot_for_the_latest() throws Exception {
    // drop the symlink snapshot too, so the latest complete one is the file "version two"
    Files.delete(sidecar(target, T + 2));

    Result show = run("show", "--json", target.toString());
    Result r = run("restore", target.toString());

    assertEquals(
        payload(target, T + 1).getFileName().toString(), parse(show.out()).get("backup").asText());
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains(".app.conf.backup." + (T + 1) + ".bak"), r::toString);
    assertEquals("version two", Files.readString(target));
  }

  @Test
  void list_of_a_target_without_snapshots_says_so() throws Exception {
    Path other = dir.resolve("other");
    Files.writeString(other, "never snapshotted");

    Result r = run("list", other.toString());

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("no snapshots of " + other), r::toString);
    assertEquals(0, parse(run("list", "--json", other.toString()).out()).get("snapshots").size());
  }
}
