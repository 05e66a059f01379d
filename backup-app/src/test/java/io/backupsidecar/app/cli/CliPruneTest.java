package io.backupsidecar.app.cli;

import static io.backupsidecar.app.cli.CliHarness.fixedAt;
import static io.backupsidecar.app.cli.CliHarness.names;
import static io.backupsidecar.app.cli.CliHarness.parse;
import static io.backupsidecar.app.cli.CliHarness.payloadName;
import static io.backupsidecar.app.cli.CliHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupsidecar.app.cli.CliHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue "retention/verify": {@code backup prune} keeps what it says and touches nothing else. */
class CliPruneTest {
  private static final long T = 1_700_000_000_000L;

  @TempDir Path dir;

  /** Takes {@code count} snapshots with the clock stopped at {@code at}: stamps at, at+1, ... */
  private static void snapshots(Path target, String tag, int count, long at) throws Exception {
    for (int i = 0; i < count; i++) {
      Files.writeString(target, "version " + i);
      Result r = run(fixedAt(at), "snapshot", "--tag", tag, target.toString());
      assertEquals(0, r.exit(), r::toString);
    }
  }

  private static List<String> pairs(Path target, String tag, long from, long to) {
    List<String> names = new ArrayList<>();
    for (long s = from; s <= to; s++) {
      names.add(payloadName(target, tag, s));
      names.add(payloadName(target, tag, s) + ".meta.json");
    }
    return names;
  }

  @Test
  void keep_5_of_20_leaves_the_5_newest_pairs_and_touches_no_other_tag_or_dotfile()
      throws Exception {
    Path conf = dir.resolve("conf");
    snapshots(conf, "backup", 20, T);
    snapshots(conf, "deploy", 3, T);
    for (String unrelated :
        List.of(".conf.swp", ".hidden", ".conf.backup.notes.txt", ".other.backup." + T + ".bak")) {
      Files.writeString(dir.resolve(unrelated), "not ours");
    }
    List<String> expected =
        new ArrayList<>(
            List.of(
                "conf",
                ".conf.swp",
                ".hidden",
                ".conf.backup.notes.txt",
                ".other.backup." + T + ".bak"));
    expected.addAll(pairs(conf, "backup", T + 15, T + 19));
    expected.addAll(pairs(conf, "deploy", T, T + 2));

    Result r = run("prune", "--keep", "5", "--json", conf.toString());

    assertEquals(0, r.exit(), r::toString);
    assertEquals(expected.stream().sorted().toList(), names(dir));
    JsonNode doc = parse(r.out()).get("targets").get(0);
    assertEquals(15, doc.get("pruned_count").asInt());
    assertEquals(5, doc.get("retained_count").asInt());
    assertEquals("version 19", Files.readString(dir.resolve(payloadName(conf, "backup", T + 19))));
  }

  @Test
  void keep_0_is_a_usage_error_and_removes_nothing() throws Exception {
    Path conf = dir.resolve("conf");
    snapshots(conf, "backup", 2, T);
    List<String> before = names(dir);

    Result r = run("prune", "--keep", "0", conf.toString());

    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().contains("error E_USAGE:"), r::toString);
    assertEquals(before, names(dir));
  }

  @Test
  void max_age_1d_over_snapshots_all_older_than_a_day_keeps_exactly_the_newest() throws Exception {
    long now = T;
    long threeDaysAgo = now - Duration.ofDays(3).toMillis();
    Path conf = dir.resolve("conf");
    snapshots(conf, "backup", 5, threeDaysAgo);

    Result r = run(fixedAt(now), "prune", "--max-age", "1d", conf.toString());

    assertEquals(0, r.exit(), r::toString);
    List<String> expected = new ArrayList<>(List.of("conf"));
    expected.addAll(pairs(conf, "backup", threeDaysAgo + 4, threeDaysAgo + 4));
    assertEquals(expected.stream().sorted().toList(), names(dir));
  }

  @Test
  void max_age_keeps_snapshots_younger_than_the_limit() throws Exception {
    long now = T;
    Path conf = dir.resolve("conf");
    snapshots(conf, "backup", 3, now - Duration.ofDays(3).toMillis());
    snapshots(conf, "backup", 2, now - Duration.ofHours(1).toMillis());

    Result r = run(fixedAt(now), "prune", "--max-age", "1d", conf.toString());

    assertEquals(0, r.exit(), r::toString);
    long recent = now - Duration.ofHours(1).toMillis();
    List<String> expected = new ArrayList<>(List.of("conf"));
    expected.addAll(pairs(conf, "backup", recent, recent + 1));
    assertEquals(expected.stream().sorted().toList(), names(dir));
  }

  @Test
  void prune_dry_run_removes_nothing() throws Exception {
    Path conf = dir.resolve("conf");
    snapshots(conf, "backup", 4, T);
    List<String> before = names(dir);

    Result r = run("prune", "--keep", "1", "--dry-run", conf.toString());

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("WOULD PRUNE"), r::toString);
    assertEquals(before, names(dir));
  }

  /** Four snapshots a day apart, and an interrupted one (payload, no sidecar) before them. */
  private Path fourDaysAndALeftover() throws Exception {
    Path conf = dir.resolve("conf");
    for (int i = 0; i < 4; i++) {
      Files.writeString(conf, "day " + i);
      assertEquals(0, run(fixedAt(T + i * DAY), "snapshot", conf.toString()).exit());
    }
    Files.writeString(conf.resolveSibling(payloadName(conf, "backup", T - DAY)), "interrupted");
    return conf;
  }

  private static final long DAY = Duration.ofDays(1).toMillis();

  @Test
  void dry_run_lists_each_snapshot_it_would_remove_and_why_and_removes_nothing() throws Exception {
    Path conf = fourDaysAndALeftover();
    List<String> before = names(dir);

    Result r =
        run(
            fixedAt(T + 3 * DAY + 3_600_000L),
            "prune",
            "--dry-run",
            "--keep",
            "3",
            "--max-age",
            "36h",
            conf.toString());

    assertEquals(0, r.exit(), r::toString);
    assertEquals(before, names(dir));
    List<String> lines = r.outLines();
    assertTrue(
        lines.contains(
            "would remove "
                + conf.resolveSibling(payloadName(conf, "backup", T + DAY))
                + " (age: older than 36h)"),
        r::toString);
    assertTrue(
        lines.contains(
            "would remove "
                + conf.resolveSibling(payloadName(conf, "backup", T))
                + " (count: beyond the newest 3, age: older than 36h)"),
        r::toString);
    assertTrue(
        lines.contains(
            "would remove "
                + conf.resolveSibling(payloadName(conf, "backup", T - DAY))
                + " (leftover of an interrupted snapshot or restore)"),
        r::toString);
    assertEquals(3, lines.stream().filter(l -> l.startsWith("would remove ")).count(), r::toString);
    assertTrue(lines.contains("(dry run: nothing was removed)"), r::toString);
  }

  @Test
  void dry_run_json_names_each_removal_with_its_reasons() throws Exception {
    Path conf = fourDaysAndALeftover();

    Result r =
        run(
            fixedAt(T + 3 * DAY + 3_600_000L),
            "prune",
            "--dry-run",
            "--json",
            "--keep",
            "1",
            conf.toString());

    assertEquals(0, r.exit(), r::toString);
    JsonNode target = parse(r.out()).get("targets").get(0);
    assertTrue(parse(r.out()).get("dry_run").asBoolean());
    assertEquals(3, target.get("pruned_count").asInt());
    JsonNode removed = target.get("removed");
    assertEquals(4, removed.size(), r::toString);
    assertEquals(payloadName(conf, "backup", T + 2 * DAY), removed.get(0).get("backup").asText());
    assertEquals(T + 2 * DAY, removed.get(0).get("stamp").asLong());
    assertEquals("[\"count\"]", removed.get(0).get("reasons").toString());
    assertEquals(payloadName(conf, "backup", T - DAY), removed.get(3).get("backup").asText());
    assertEquals("[\"leftover\"]", removed.get(3).get("reasons").toString());
  }

  @Test
  void the_real_run_removes_exactly_what_the_dry_run_listed() throws Exception {
    Path conf = fourDaysAndALeftover();
    long now = T + 3 * DAY + 3_600_000L;
    JsonNode planned =
        parse(
                run(fixedAt(now), "prune", "--dry-run", "--json", "--keep", "2", conf.toString())
                    .out())
            .get("targets")
            .get(0)
            .get("removed");
    List<String> before = names(dir);

    Result r = run(fixedAt(now), "prune", "--json", "--keep", "2", conf.toString());

    assertEquals(0, r.exit(), r::toString);
    List<String> gone = new ArrayList<>(before);
    gone.removeAll(names(dir));
    List<String> expected = new ArrayList<>();
    planned.forEach(
        p -> {
          expected.add(p.get("backup").asText());
          if (!p.get("reasons").get(0).asText().equals("leftover")) {
            expected.add(p.get("backup").asText() + ".meta.json");
          }
        });
    assertEquals(expected.stream().sorted().toList(), gone.stream().sorted().toList());
    assertEquals(planned, parse(r.out()).get("targets").get(0).get("removed"));
  }
}
