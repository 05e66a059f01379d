package io.backupsidecar.app.cli;

import static io.backupsidecar.app.cli.CliHarness.fixedAt;
import static io.backupsidecar.app.cli.CliHarness.parse;
import static io.backupsidecar.app.cli.CliHarness.payloadName;
import static io.backupsidecar.app.cli.CliHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.app.cli.CliHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, selecting a snapshot: a full stamp, a unique prefix, {@code @N} counting back from the
 * latest, or {@code --before TIME}; ambiguous and unknown selections are clear errors.
 */
class CliSelectionTest {
  /** 2026-11-24T12:00:00Z; snapshots one hour apart from it. */
  private static final long T = Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();

  private static final long HOUR = 3_600_000L;

  @TempDir Path dir;
  private Path conf;

  @BeforeEach
  void fourVersionsAnHourApart() throws Exception {
    conf = dir.resolve("app.conf");
    for (int i = 0; i < 4; i++) {
      Files.writeString(conf, "version " + i + "\n");
      assertEquals(0, run(fixedAt(T + i * HOUR), "snapshot", conf.toString()).exit());
    }
    Files.writeString(conf, "changed\n");
  }

  private String shownBackup(String... selection) throws Exception {
    String[] args = new String[selection.length + 3];
    args[0] = "show";
    args[1] = "--json";
    System.arraycopy(selection, 0, args, 2, selection.length);
    args[args.length - 1] = conf.toString();
    Result r = run(args);
    assertEquals(0, r.exit(), r::toString);
    return parse(r.out()).get("backup").asText();
  }

  private String name(int version) {
    return payloadName(conf, "backup", T + version * HOUR);
  }

  @Test
  void at_index_counts_back_from_the_latest() throws Exception {
    assertEquals(name(3), shownBackup("--at", "@0"));
    assertEquals(name(2), shownBackup("--at", "@1"));
    assertEquals(name(2), shownBackup("--previous"));
    assertEquals(name(0), shownBackup("--at", "@3"));
  }

  @Test
  void at_index_skips_a_restores_capture_as_latest_and_previous_do() throws Exception {
    assertEquals(0, run(fixedAt(T + 10 * HOUR), "restore", "--at", "@2", conf.toString()).exit());

    assertEquals(name(3), shownBackup("--at", "@0"));
    assertEquals(name(1), shownBackup("--at", "@2"));
  }

  @Test
  void at_beyond_the_oldest_is_backup_missing() {
    Result r = run("show", "--at", "@4", conf.toString());

    assertEquals(60, r.exit(), r::toString);
    assertTrue(r.err().contains("numbered @4 (there are 4)"), r::toString);
  }

  @Test
  void at_a_full_stamp_or_a_unique_prefix_selects_that_snapshot() throws Exception {
    String stamp = Long.toString(T + 2 * HOUR);
    // the stamps differ from the 7th digit on: 3600000 apart
    assertEquals(name(2), shownBackup("--at", stamp));
    assertEquals(name(2), shownBackup("--at", stamp.substring(0, 8)));
  }

  @Test
  void an_ambiguous_prefix_is_a_usage_error_listing_the_candidates() {
    String prefix = Long.toString(T).substring(0, 4);

    Result r = run("show", "--at", prefix, conf.toString());

    assertEquals(2, r.exit(), r::toString);
    assertTrue(
        r.err().startsWith("error E_USAGE: --at " + prefix + " is ambiguous: 4 " + "snapshots"),
        r::toString);
    assertTrue(r.err().contains(Long.toString(T + 3 * HOUR)), r::toString);
  }

  @Test
  void an_unknown_stamp_is_backup_missing_with_what_to_run() {
    Result r = run("restore", "--at", "999", conf.toString());

    assertEquals(60, r.exit(), r::toString);
    assertTrue(r.err().contains("whose stamp is or starts with 999"), r::toString);
    assertTrue(r.err().contains("run 'backup list --tag backup " + conf + "'"), r::toString);
  }

  @Test
  void at_text_that_is_no_selection_is_a_usage_error() {
    Result r = run("show", "--at", "yesterday", conf.toString());

    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().contains("--at (yesterday) must be a stamp"), r::toString);
  }

  @Test
  void before_a_time_with_a_zone_takes_the_newest_snapshot_taken_before_it() throws Exception {
    assertEquals(name(1), shownBackup("--before", "2026-11-24T14:00Z"));
    assertEquals(name(2), shownBackup("--before", "2026-11-24T14:00:00.001Z"));
    assertEquals(name(1), shownBackup("--before", "2026-11-24T15:00+01:00"));
  }

  @Test
  void before_a_time_without_a_zone_is_local_time() throws Exception {
    LocalDateTime local =
        LocalDateTime.ofInstant(Instant.ofEpochMilli(T + 2 * HOUR + 1), ZoneId.systemDefault());

    assertEquals(name(2), shownBackup("--before", local.toString()));
  }

  @Test
  void before_the_oldest_is_backup_missing() {
    Result r = run("show", "--before", "2026-11-24T12:00Z", conf.toString());

    assertEquals(60, r.exit(), r::toString);
    assertTrue(r.err().contains("taken before 2026-11-24T12:00:00Z"), r::toString);
  }

  @Test
  void restore_before_a_time_puts_back_that_version() throws Exception {
    Result r = run("restore", "--before", "2026-11-24T13:30Z", conf.toString());

    assertEquals(0, r.exit(), r::toString);
    assertEquals("version 1\n", Files.readString(conf));
  }

  @Test
  void a_time_that_cannot_be_read_is_a_usage_error() {
    Result r = run("restore", "--before", "24/11/2026", conf.toString());

    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().contains("--before (24/11/2026) must be a time"), r::toString);
  }
}
