package io.backupsidecar.app.cli;

import static io.backupsidecar.app.cli.CliHarness.fixedAt;
import static io.backupsidecar.app.cli.CliHarness.parse;
import static io.backupsidecar.app.cli.CliHarness.run;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupsidecar.app.cli.CliHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 12: both tools on the same directory with {@code --tag switchyard}. The artifacts are
 * written byte for byte as switchyard writes them and left as its restore leaves them ({@link
 * SwitchyardWrites}); the CLI must list, show, verify, restore and prune them correctly, and its
 * own {@code --sidecar-version 2} output must be switchyard's bytes.
 */
class CliSwitchyardTest {
  private static final long T = 1_700_000_000_000L;
  private static final String SY = "switchyard";

  @TempDir Path dir;
  private final SwitchyardWrites switchyard = new SwitchyardWrites(SY);
  private Path conf;
  private Path link;
  private Path fresh;

  /** A file, a symlink and an absent path, each snapshotted by switchyard at T. */
  @BeforeEach
  void switchyardSnapshotsOfEachKind() throws Exception {
    conf = Files.writeString(dir.resolve("app.conf"), "listen 80\n");
    Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r-----"));
    link = Files.createSymbolicLink(dir.resolve("current"), Path.of("releases/1.0"));
    fresh = dir.resolve("new.conf");
    switchyard.snapshot(conf, T);
    switchyard.snapshot(link, T);
    switchyard.snapshot(fresh, T);
  }

  private static Result sy(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add(1, "--tag");
    all.add(2, SY);
    return run(fixedAt(T + 60_000), all.toArray(String[]::new));
  }

  private void changeAll() throws Exception {
    Files.writeString(conf, "listen 8080\n");
    Files.delete(link);
    Files.createSymbolicLink(link, Path.of("releases/2.0"));
    Files.writeString(fresh, "created since\n");
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  // ---- 7: --sidecar-version 2 writes switchyard's bytes -----------------------------------

  @Test
  void sidecar_version_2_writes_byte_for_byte_what_switchyard_writes_for_each_kind()
      throws Exception {
    Path ours = Files.createDirectory(dir.resolve("ours"));
    Path file = Files.writeString(ours.resolve("app.conf"), "listen 80\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    Path symlink = Files.createSymbolicLink(ours.resolve("current"), Path.of("releases/1.0"));
    Path absent = ours.resolve("new.conf");

    Result r =
        run(
            fixedAt(T + 5),
            "snapshot",
            "--tag",
            SY,
            "--sidecar-version",
            "2",
            file.toString(),
            symlink.toString(),
            absent.toString());

    assertEquals(0, r.exit(), r::toString);
    for (String name : List.of("app.conf", "current", "new.conf")) {
      assertEquals(
          Files.readString(switchyard.sidecar(dir.resolve(name), T), UTF_8),
          Files.readString(switchyard.sidecar(ours.resolve(name), T + 5), UTF_8),
          name);
    }
    assertEquals(
        SwitchyardWrites.fileSidecar(
            "100640", SwitchyardWrites.sha256("listen 80\n".getBytes(UTF_8))),
        Files.readString(switchyard.sidecar(file, T + 5), UTF_8));
    assertEquals(
        SwitchyardWrites.symlinkSidecar("releases/1.0"),
        Files.readString(switchyard.sidecar(symlink, T + 5), UTF_8));
    assertEquals(
        SwitchyardWrites.noneSidecar(), Files.readString(switchyard.sidecar(absent, T + 5), UTF_8));
  }

  // ---- complete switchyard snapshots: list, verify, restore ----------------------------

  @Test
  void complete_switchyard_snapshots_list_verify_and_restore() throws Exception {
    changeAll();

    Result list = sy("list", "--json", conf.toString());
    assertEquals("complete", parse(list.out()).at("/snapshots/0/state").asText(), list::toString);
    assertEquals(0, sy("verify", dir.toString()).exit());
    for (Path p : List.of(conf, link, fresh)) {
      Result r = sy("restore", "--no-capture", p.toString());
      assertEquals(0, r.exit(), r::toString);
    }
    assertEquals("listen 80\n", Files.readString(conf));
    assertEquals("releases/1.0", Files.readSymbolicLink(link).toString());
    assertFalse(Files.exists(fresh, NOFOLLOW_LINKS));
  }

  // ---- every state after a switchyard restore (consumed) --------------------------------

  @Test
  void after_a_switchyard_restore_list_and_json_show_each_entry_as_consumed() throws Exception {
    changeAll();
    for (Path p : List.of(conf, link, fresh)) {
      switchyard.restore(p, T);
    }

    for (Path p : List.of(conf, link, fresh)) {
      Result r = sy("list", "--json", p.toString());
      assertEquals(0, r.exit(), r::toString);
      JsonNode entry = parse(r.out()).at("/snapshots/0");
      assertTrue(entry.get("state").asText().startsWith("consumed"), r::toString);
      assertFalse(entry.get("complete").asBoolean());
    }
    // a consumed file is listed as consumed with its kind: restore never takes it
    JsonNode consumedFile = parse(sy("list", "--json", conf.toString()).out()).at("/snapshots/0");
    assertEquals("consumed", consumedFile.get("state").asText());
    assertEquals("file", consumedFile.get("prior_kind").asText());
    assertTrue(sy("list", conf.toString()).out().contains("consumed (not restorable)"));
  }

  @Test
  void verify_does_not_fail_on_snapshots_switchyard_has_restored() throws Exception {
    changeAll();
    for (Path p : List.of(conf, link, fresh)) {
      switchyard.restore(p, T);
    }

    Result r = sy("verify", "--json", dir.toString());

    assertEquals(0, r.exit(), r::toString);
    assertEquals(3, parse(r.out()).get("checked").asInt(), r::toString);
    assertTrue(parse(r.out()).get("all_sound").asBoolean(), r::toString);
  }

  @Test
  void prune_never_deletes_a_consumed_sidecar_not_even_the_newest() throws Exception {
    changeAll();
    switchyard.restore(conf, T);
    List<String> before = names(dir);

    Result r = sy("prune", "--keep", "1", conf.toString());

    assertEquals(0, r.exit(), r::toString);
    assertEquals(before, names(dir));
    assertTrue(Files.exists(switchyard.sidecar(conf, T)));
  }

  @Test
  void prune_keeps_the_newest_consumed_entry_and_prunes_older_complete_ones_by_count()
      throws Exception {
    switchyard.snapshot(conf, T + 1);
    switchyard.snapshot(conf, T + 2);
    Files.writeString(conf, "changed\n");
    switchyard.restore(conf, T + 2);

    Result r = sy("prune", "--keep", "2", conf.toString());

    assertEquals(0, r.exit(), r::toString);
    assertTrue(Files.exists(switchyard.sidecar(conf, T + 2)), "newest, consumed: kept");
    assertTrue(Files.exists(switchyard.payload(conf, T + 1)), "second newest: kept");
    assertFalse(Files.exists(switchyard.payload(conf, T)), "third: pruned");
    assertFalse(Files.exists(switchyard.sidecar(conf, T)), "third: pruned");
  }

  @Test
  void a_consumed_symlink_restores_from_its_sidecar_alone() throws Exception {
    changeAll();
    switchyard.restore(link, T);
    Files.delete(link);
    Files.createSymbolicLink(link, Path.of("releases/3.0"));

    Result r = sy("restore", link.toString());

    assertEquals(0, r.exit(), r::toString);
    assertEquals("releases/1.0", Files.readSymbolicLink(link).toString());
  }

  @Test
  void a_consumed_none_restores_from_its_sidecar_alone() throws Exception {
    changeAll();
    switchyard.restore(fresh, T);
    Files.writeString(fresh, "created again\n");

    Result r = sy("restore", "--no-capture", fresh.toString());

    assertEquals(0, r.exit(), r::toString);
    assertFalse(Files.exists(fresh, NOFOLLOW_LINKS));
  }

  @Test
  void a_consumed_file_that_is_in_place_is_a_no_op_and_otherwise_points_to_older_ones()
      throws Exception {
    changeAll();
    switchyard.restore(conf, T);

    Result inPlace = sy("restore", conf.toString());
    assertEquals(0, inPlace.exit(), inPlace::toString);
    assertTrue(inPlace.out().contains("nothing to do"), inPlace::toString);

    Files.writeString(conf, "changed again\n");
    Result gone = sy("restore", conf.toString());
    assertEquals(60, gone.exit(), gone::toString);
    assertTrue(gone.err().contains("consumed"), gone::toString);
    assertEquals("changed again\n", Files.readString(conf));
  }

  @Test
  void restore_check_says_whether_there_is_anything_to_restore_without_reading_payloads()
      throws Exception {
    assertEquals(0, sy("restore", "--check", conf.toString()).exit());
    switchyard.restore(link, T);
    assertEquals(0, sy("restore", "--check", link.toString()).exit());
    Result none = sy("restore", "--check", dir.resolve("other").toString());
    assertEquals(60, none.exit(), none::toString);
    assertTrue(none.err().contains("E_BACKUP_MISSING"), none::toString);
  }

  // ---- 4: a v1 payload_hash is honoured ---------------------------------------------------

  @Test
  void a_payload_hash_in_a_v1_sidecar_is_checked_and_a_tampered_payload_refused() throws Exception {
    String hash = SwitchyardWrites.sha256("listen 80\n".getBytes(UTF_8));
    switchyard.writeSidecar(
        conf,
        T,
        "{\n  \"schema\": \"backup_meta.v1\",\n  \"prior_kind\": "
            + "\"file\",\n  \"mode\": \"100640\",\n  \"payload_hash\": \""
            + hash
            + "\"\n}");
    Files.writeString(switchyard.payload(conf, T), "listen 6666\n");
    Files.writeString(conf, "current\n");

    Result r = sy("restore", conf.toString());

    assertEquals(70, r.exit(), r::toString);
    assertTrue(r.err().contains("does not match"), r::toString);
    assertEquals("current\n", Files.readString(conf));
  }

  // ---- 5: one stamp rule -------------------------------------------------------------------

  @Test
  void a_stamp_with_leading_zeros_is_reported_never_counted_restored_or_pruned() throws Exception {
    Path zero = Files.writeString(dir.resolve("zero.conf"), "z\n");
    SwitchyardWrites zeros = new SwitchyardWrites(SY);
    zeros.snapshot(zero, T);
    Files.move(zeros.payload(zero, T), dir.resolve(".zero.conf.switchyard.0" + T + ".bak"));
    Files.move(
        zeros.sidecar(zero, T), dir.resolve(".zero.conf.switchyard.0" + T + ".bak.meta.json"));
    List<String> before = names(dir);

    Result list = sy("list", "--json", zero.toString());
    assertEquals(0, parse(list.out()).get("snapshots").size(), list::toString);
    assertTrue(
        parse(list.out())
            .get("ignored")
            .get(0)
            .asText()
            .startsWith(".zero.conf.switchyard.0" + T + ".bak"),
        list::toString);
    Result prune = sy("prune", "--json", "--keep", "1", zero.toString());
    assertEquals(
        0, parse(prune.out()).get("targets").get(0).get("pruned_count").asInt(), prune::toString);
    assertEquals(before, names(dir));
    assertEquals(60, sy("restore", zero.toString()).exit());
  }

  // ---- 8: any tag switchyard writes --------------------------------------------------------

  @Test
  void tags_with_dots_spaces_non_ascii_or_empty_are_read_and_restored_but_not_written()
      throws Exception {
    for (String tag : List.of("my.tag", "with space", "ünï", "")) {
      Path target = Files.writeString(dir.resolve("t" + tag.hashCode()), "before\n");
      new SwitchyardWrites(tag).snapshot(target, T);
      Files.writeString(target, "after\n");

      Result list = run(fixedAt(T + 1), "list", "--json", "--tag", tag, target.toString());
      assertEquals(1, parse(list.out()).get("snapshots").size(), list::toString);
      Result restore =
          run(fixedAt(T + 1), "restore", "--no-capture", "--tag", tag, target.toString());
      assertEquals(0, restore.exit(), restore::toString);
      assertEquals("before\n", Files.readString(target), tag);
      Result write = run(fixedAt(T + 1), "snapshot", "--tag", tag, target.toString());
      assertEquals(10, write.exit(), write::toString);
      assertTrue(write.err().contains("E_POLICY"), write::toString);
    }
  }

  // ---- 3: show displays what it found ------------------------------------------------------

  @Test
  void show_displays_a_sidecar_written_under_umask_002_with_a_warning() throws Exception {
    SwitchyardWrites umask002 = new SwitchyardWrites(SY, SwitchyardWrites.UMASK_002);
    umask002.snapshot(conf, T + 1);

    Result r = sy("show", "--at", Long.toString(T + 1), conf.toString());

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains(Files.readString(umask002.sidecar(conf, T + 1))), r::toString);
    assertTrue(r.err().startsWith("warning: "), r::toString);
    assertTrue(r.err().contains("group or others"), r::toString);

    Result latest = sy("show", conf.toString());
    assertEquals(0, latest.exit(), latest::toString);
    assertTrue(
        latest.out().contains(switchyard.sidecar(conf, T).getFileName().toString()),
        "the sidecar restore would take: " + latest);
    assertTrue(latest.err().contains("newer sidecar is ignored"), latest::toString);
  }

  @Test
  void show_displays_an_untrusted_only_sidecar_with_a_warning_instead_of_failing()
      throws Exception {
    Path only = Files.writeString(dir.resolve("only.conf"), "x\n");
    new SwitchyardWrites(SY, SwitchyardWrites.UMASK_002).snapshot(only, T);

    Result r = sy("show", "--json", only.toString());

    assertEquals(0, r.exit(), r::toString);
    assertEquals("backup_meta.v2", parse(r.out()).at("/sidecar/schema").asText(), r::toString);
    assertTrue(parse(r.out()).get("warnings").toString().contains("group or others"), r::toString);
  }

  @Test
  void show_displays_an_invalid_sidecar_with_a_warning() throws Exception {
    switchyard.writeSidecar(conf, T, "{\n  \"schema\": \"backup_meta.v7\"\n}");

    Result r = sy("show", conf.toString());

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("backup_meta.v7"), r::toString);
    assertTrue(r.err().contains("warning: "), r::toString);
  }

  // ---- trust decides history ---------------------------------------------------------------

  @Test
  void an_untrusted_newer_sidecar_is_ignored_by_restore_and_prune_and_reported() throws Exception {
    SwitchyardWrites umask002 = new SwitchyardWrites(SY, SwitchyardWrites.UMASK_002);
    Files.writeString(conf, "planted\n");
    umask002.snapshot(conf, T + 1);
    Files.writeString(conf, "current\n");

    Result restore = sy("restore", "--no-capture", conf.toString());
    assertEquals(0, restore.exit(), restore::toString);
    assertEquals("listen 80\n", Files.readString(conf), "the trusted snapshot at T");

    List<String> before = names(dir);
    Result prune = sy("prune", "--json", "--keep", "1", conf.toString());
    assertEquals(0, prune.exit(), prune::toString);
    assertEquals(before, names(dir), "neither the untrusted one nor the only trusted one");
    assertTrue(
        parse(prune.out())
            .get("targets")
            .get(0)
            .get("ignored")
            .get(0)
            .asText()
            .contains("writable by group or others"),
        prune::toString);
    Result list = sy("list", conf.toString());
    assertTrue(list.out().contains("UNTRUSTED"), list::toString);
  }

  // ---- 3: hints name options that exist on the command -------------------------------------

  @Test
  void every_option_an_error_or_warning_names_exists_on_that_command() throws Exception {
    SwitchyardWrites umask002 = new SwitchyardWrites(SY, SwitchyardWrites.UMASK_002);
    Path legacy = Files.writeString(dir.resolve("legacy"), "old\n");
    umask002.snapshot(legacy, T);
    Files.writeString(legacy, "new\n");
    // a file switchyard could not hash: restore needs --no-require-integrity, verify cannot
    Path unhashed = Files.writeString(dir.resolve("unhashed"), "old\n");
    Files.copy(unhashed, switchyard.payload(unhashed, T));
    switchyard.writeSidecar(unhashed, T, SwitchyardWrites.unhashedFileSidecar("100644"));
    Files.writeString(unhashed, "new\n");
    Set<String> checked = new TreeSet<>();
    List<String[]> runs = new ArrayList<>();
    for (String command : List.of("restore", "verify", "show", "list", "prune")) {
      for (Path p : List.of(legacy, unhashed)) {
        runs.add(new String[] {command, p.toString()});
        runs.add(new String[] {command, "--json", p.toString()});
      }
    }
    for (String[] args : runs) {
      String command = args[0];
      Result r = sy(args);
      Object instance =
          switch (command) {
            case "restore" -> new RestoreCommand();
            case "verify" -> new VerifyCommand();
            case "show" -> new ShowCommand();
            case "list" -> new ListCommand();
            default -> new PruneCommand();
          };
      CommandLine.Model.CommandSpec spec = new CommandLine(instance).getCommandSpec();
      Matcher m = Pattern.compile("(?<![\\w-])--[a-z][a-z-]+").matcher(r.err() + r.out());
      while (m.find()) {
        assertTrue(
            spec.findOption(m.group()) != null,
            command + " names " + m.group() + " which it does not have: " + r);
        checked.add(command + " " + m.group());
      }
    }
    assertTrue(checked.contains("restore --trust-foreign-sidecars"), checked::toString);
    assertTrue(checked.contains("verify --trust-foreign-sidecars"), checked::toString);
    assertTrue(checked.contains("restore --no-require-integrity"), checked::toString);
  }

  // ---- retention after a successful snapshot ---------------------------------------------

  @Test
  void snapshot_with_keep_applies_retention_after_it_succeeds() throws Exception {
    for (int i = 1; i <= 3; i++) {
      Result r = run(fixedAt(T + i), "snapshot", "--keep", "2", conf.toString());
      assertEquals(0, r.exit(), r::toString);
    }
    assertTrue(Files.exists(dir.resolve(".app.conf.backup." + (T + 3) + ".bak")));
    assertTrue(Files.exists(dir.resolve(".app.conf.backup." + (T + 2) + ".bak")));
    assertFalse(Files.exists(dir.resolve(".app.conf.backup." + (T + 1) + ".bak")));
    assertFalse(Files.exists(dir.resolve(".app.conf.backup." + (T + 1) + ".bak.meta.json")));
  }

  // ---- restore facts ------------------------------------------------------------------------

  @Test
  void restore_facts_carry_before_and_after_kind_durability_and_idempotence() throws Exception {
    changeAll();
    Path facts = dir.resolve("facts.jsonl");

    assertEquals(0, sy("restore", "--facts", facts.toString(), link.toString()).exit());
    assertEquals(0, sy("restore", "--facts", facts.toString(), link.toString()).exit());

    List<String> lines = Files.readAllLines(facts);
    JsonNode restored = parse(lines.get(lines.size() - 2));
    JsonNode again = parse(lines.get(lines.size() - 1));
    assertEquals("symlink", restored.get("before_kind").asText(), restored::toString);
    assertEquals("symlink", restored.get("after_kind").asText());
    assertFalse(restored.get("idempotent").asBoolean());
    assertTrue(restored.has("backup_durable"), restored::toString);
    assertTrue(again.get("idempotent").asBoolean(), again::toString);
    assertEquals("symlink", again.get("before_kind").asText());
  }
}
