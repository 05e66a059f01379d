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
    for (String unrelated : List.of(".conf.swp", ".hidden", ".conf.backup.notes.txt",
        ".other.backup." + T + ".bak")) {
      Files.writeString(dir.resolve(unrelated), "not ours");
    }
    List<String> expected = new ArrayList<>(List.of("conf", ".conf.swp", ".hidden",
        ".conf.backup.notes.txt", ".other.backup." + T + ".bak"));
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
  void max_age_1d_over_snapshots_all_older_than_a_day_keeps_exactly_the_newest()
      throws Exception {
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
}
