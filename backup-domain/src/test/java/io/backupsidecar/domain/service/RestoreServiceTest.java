package io.backupsidecar.domain.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.fakes.InMemoryNodes;
import io.backupsidecar.domain.fakes.Sha256;
import io.backupsidecar.domain.fakes.TestPorts;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.model.FactField;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Remedy;
import io.backupsidecar.domain.model.RestoreOptions;
import io.backupsidecar.domain.model.RestoreOutcome;
import io.backupsidecar.domain.model.SchemaVersion;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.Snapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestoreServiceTest {
  private static final Path DIR = Path.of("/etc");
  private static final Path TARGET = DIR.resolve("hosts");
  private static final Instant MTIME = Instant.parse("2025-01-01T00:00:00Z");
  private static final RestoreOptions REAL = RestoreOptions.defaults();

  private final TestPorts t = new TestPorts();
  private final SnapshotService snapshots = Services.wire(t.ports).snapshots();
  private final RestoreService restores = Services.wire(t.ports).restores();

  private Snapshot snapshot() throws BackupException {
    Snapshot s = snapshots.snapshot(TARGET, Policy.defaults());
    t.clock.advance(Duration.ofSeconds(1));
    return s;
  }

  private RestoreOutcome restore(Selection selection) throws BackupException {
    return restores.restore(TARGET, selection, Policy.defaults(), REAL);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void modified_file_is_restored_with_bytes_mode_owner_mtime_and_second_run_is_a_no_op()
      throws Exception {
    t.nodes.file(TARGET, utf8("original"), 04750, 10, 20, MTIME);
    snapshot();
    t.nodes.file(TARGET, utf8("changed!"), 0600, 0, 0, Instant.now());

    RestoreOutcome first = restore(Selection.latest());
    assertInstanceOf(RestoreOutcome.Restored.class, first);
    InMemoryNodes.File now = (InMemoryNodes.File) t.nodes.get(TARGET);
    assertArrayEquals(utf8("original"), now.bytes);
    assertEquals(0104750, now.mode);
    assertEquals(10, now.uid);
    assertEquals(20, now.gid);
    assertEquals(MTIME, now.mtime);

    assertInstanceOf(RestoreOutcome.AlreadyInPlace.class, restore(Selection.latest()));
  }

  @Test
  void same_size_same_mode_but_different_bytes_is_restored_not_taken_as_in_place()
      throws Exception {
    t.nodes.file(TARGET, "aaaa");
    snapshot();
    t.nodes.file(TARGET, "bbbb");
    assertInstanceOf(RestoreOutcome.Restored.class, restore(Selection.latest()));
    assertEquals("aaaa", InMemoryNodes.text(t.nodes.bytes(TARGET)));
  }

  @Test
  void a_changed_file_is_found_by_comparison_without_hashing_the_whole_target() throws Exception {
    t.nodes.file(TARGET, "aaaa");
    snapshot();
    t.nodes.file(TARGET, "bbbb");
    restores.restore(
        TARGET, Selection.latest(), Policy.builder().captureRestoreSnapshot(false).build(), REAL);
    assertTrue(
        t.nodes.operations().stream().noneMatch(op -> op.equals("hash " + TARGET)),
        "the in-place check compares bytes; it hashes the target only when they are equal");
  }

  @Test
  void a_file_written_since_with_a_new_mtime_is_restored_without_comparing_its_bytes()
      throws Exception {
    t.nodes.file(TARGET, utf8("aaaa"), 0644, 0, 0, MTIME);
    snapshot();
    t.nodes.file(TARGET, utf8("aaab"), 0644, 0, 0, MTIME.plusSeconds(3600));

    assertInstanceOf(RestoreOutcome.Restored.class, restore(Selection.latest()));

    assertEquals("aaaa", InMemoryNodes.text(t.nodes.bytes(TARGET)));
    assertTrue(
        t.nodes.operations().stream().noneMatch(op -> op.startsWith("compare ")),
        "a new mtime already says the file is not the snapshot's");
  }

  @Test
  void a_touched_file_with_the_same_bytes_gets_its_recorded_mtime_back() throws Exception {
    t.nodes.file(TARGET, utf8("aaaa"), 0644, 0, 0, MTIME);
    snapshot();
    t.nodes.mtime(TARGET, MTIME.plusSeconds(3600));

    assertInstanceOf(RestoreOutcome.Restored.class, restore(Selection.latest()));

    assertEquals(MTIME, ((InMemoryNodes.File) t.nodes.get(TARGET)).mtime);
    assertInstanceOf(RestoreOutcome.AlreadyInPlace.class, restore(Selection.latest()));
  }

  @Test
  void an_mtime_within_two_seconds_as_a_coarse_filesystem_rounds_it_leaves_it_to_the_bytes()
      throws Exception {
    t.nodes.file(TARGET, utf8("aaaa"), 0644, 0, 0, MTIME.plusMillis(1500));
    snapshot();
    t.nodes.mtime(TARGET, MTIME.plusSeconds(2)); // FAT keeps even seconds

    assertInstanceOf(RestoreOutcome.AlreadyInPlace.class, restore(Selection.latest()));

    t.nodes.file(TARGET, utf8("aaab"), 0644, 0, 0, MTIME.plusSeconds(2));
    assertInstanceOf(RestoreOutcome.Restored.class, restore(Selection.latest()));
    assertEquals("aaaa", InMemoryNodes.text(t.nodes.bytes(TARGET)));
  }

  @Test
  void a_payload_damaged_exactly_like_the_target_is_not_taken_as_in_place() throws Exception {
    t.nodes.file(TARGET, "good");
    Snapshot s = snapshot();
    t.nodes.file(TARGET, "evil");
    ((InMemoryNodes.File) t.nodes.get(s.payload())).bytes = "evil".getBytes(StandardCharsets.UTF_8);
    BackupException e = assertThrows(BackupException.class, () -> restore(Selection.latest()));
    assertEquals(ErrorId.E_RESTORE_FAILED, e.id());
    assertEquals("evil", InMemoryNodes.text(t.nodes.bytes(TARGET)));
  }

  @Test
  void restore_captures_the_replaced_state_which_is_listed_and_restorable_by_stamp()
      throws Exception {
    t.nodes.file(TARGET, "v1");
    Snapshot s = snapshot();
    t.nodes.file(TARGET, "v2");
    RestoreOutcome.Restored r = (RestoreOutcome.Restored) restore(Selection.latest());
    Snapshot capture = r.capture().orElseThrow();
    assertTrue(capture.sidecar().isRestoreCapture());
    assertEquals(SchemaVersion.V3, capture.sidecar().schema());
    assertEquals(
        List.of(capture.name().stamp(), s.name().stamp()),
        Services.wire(t.ports).catalog().list(TARGET, s.name().tag()).complete().stream()
            .map(e -> e.stamp())
            .toList());
    // restoring twice is a no-op: the capture is never "latest"
    assertInstanceOf(RestoreOutcome.AlreadyInPlace.class, restore(Selection.latest()));
    // and the restore itself can be undone by its capture's stamp
    restore(Selection.at(capture.name().stamp()));
    assertEquals("v2", InMemoryNodes.text(t.nodes.bytes(TARGET)));
  }

  @Test
  void previous_selects_the_second_newest_snapshot() throws Exception {
    t.nodes.file(TARGET, "one");
    snapshot();
    t.nodes.file(TARGET, "two");
    snapshot();
    t.nodes.file(TARGET, "three");
    restore(Selection.previous());
    assertEquals("one", InMemoryNodes.text(t.nodes.bytes(TARGET)));
  }

  @Test
  void a_flipped_payload_byte_is_refused_and_the_target_is_untouched() throws Exception {
    t.nodes.file(TARGET, "original");
    Snapshot s = snapshot();
    t.nodes.file(TARGET, "changed");
    ((InMemoryNodes.File) t.nodes.get(s.payload())).bytes[0] ^= 1;
    BackupException e = assertThrows(BackupException.class, () -> restore(Selection.latest()));
    assertEquals(ErrorId.E_RESTORE_FAILED, e.id());
    assertEquals(70, e.exitCode());
    assertEquals("changed", InMemoryNodes.text(t.nodes.bytes(TARGET)));
    assertTrue(t.nodes.names(DIR).stream().noneMatch(n -> n.endsWith(".restore.tmp")));
    Fact fact = t.facts.of(FactEvent.RESTORE_RESULT).get(0);
    assertEquals("E_RESTORE_FAILED", fact.get(FactField.ERROR_ID));
  }

  @Test
  void a_payload_swapped_for_a_symlink_is_refused() throws Exception {
    t.nodes.file(TARGET, "original");
    Snapshot s = snapshot();
    t.nodes.file(TARGET, "changed").symlink(s.payload(), "/etc/shadow");
    BackupException e = assertThrows(BackupException.class, () -> restore(Selection.latest()));
    assertEquals(ErrorId.E_RESTORE_FAILED, e.id());
    assertEquals("changed", InMemoryNodes.text(t.nodes.bytes(TARGET)));
  }

  @Test
  void a_file_sidecar_without_hash_is_refused_unless_integrity_is_relaxed() throws Exception {
    t.nodes.file(TARGET, "original");
    snapshots.snapshot(TARGET, Policy.builder().sidecarVersion(SchemaVersion.V1).build());
    t.nodes.file(TARGET, "changed");
    assertThrows(BackupException.class, () -> restore(Selection.latest()));
    RestoreOutcome.Restored r =
        (RestoreOutcome.Restored)
            restores.restore(
                TARGET,
                Selection.latest(),
                Policy.builder().requireSidecarIntegrity(false).build(),
                REAL);
    assertEquals(false, r.integrityVerified());
    assertEquals("original", InMemoryNodes.text(t.nodes.bytes(TARGET)));
  }

  @Test
  void a_sidecar_writable_by_others_or_owned_by_another_user_is_ignored_and_named()
      throws Exception {
    TestPorts asUser = new TestPorts(new InMemoryNodes(1000), t.clock);
    asUser.nodes.file(TARGET, "original");
    Snapshot s = Services.wire(asUser.ports).snapshots().snapshot(TARGET, Policy.defaults());
    asUser.nodes.file(TARGET, "changed");
    RestoreService userRestores = Services.wire(asUser.ports).restores();

    ((InMemoryNodes.File) asUser.nodes.get(s.sidecarPath())).mode = 0100666;
    BackupException e =
        assertThrows(
            BackupException.class,
            () -> userRestores.restore(TARGET, Selection.latest(), Policy.defaults(), REAL));
    assertEquals(ErrorId.E_BACKUP_MISSING, e.id());
    assertTrue(e.getMessage().contains("writable by group or others"), e.getMessage());

    InMemoryNodes.File sidecar = (InMemoryNodes.File) asUser.nodes.get(s.sidecarPath());
    sidecar.mode = 0100644;
    sidecar.uid = 4242;
    e =
        assertThrows(
            BackupException.class,
            () -> userRestores.restore(TARGET, Selection.latest(), Policy.defaults(), REAL));
    assertTrue(e.getMessage().contains("uid 4242"), e.getMessage());
    assertEquals("changed", InMemoryNodes.text(asUser.nodes.bytes(TARGET)));

    userRestores.restore(
        TARGET, Selection.latest(), Policy.builder().trustForeignSidecars(true).build(), REAL);
    assertEquals("original", InMemoryNodes.text(asUser.nodes.bytes(TARGET)));
  }

  @Test
  void symlink_replaced_by_a_file_is_restored_to_the_same_raw_link() throws Exception {
    t.nodes.symlink(TARGET, "../usr/share/hosts");
    snapshot();
    t.nodes.file(TARGET, "now a file");
    restore(Selection.latest());
    assertEquals(new InMemoryNodes.Link("../usr/share/hosts"), t.nodes.get(TARGET));
    assertInstanceOf(RestoreOutcome.AlreadyInPlace.class, restore(Selection.latest()));
  }

  @Test
  void absent_target_that_was_created_is_removed_again() throws Exception {
    t.nodes.dir(DIR);
    snapshot();
    t.nodes.file(TARGET, "created later");
    restore(Selection.latest());
    assertNull(t.nodes.get(TARGET));
    assertInstanceOf(RestoreOutcome.AlreadyInPlace.class, restore(Selection.latest()));
  }

  @Test
  void a_target_that_became_a_directory_is_never_replaced() throws Exception {
    t.nodes.dir(DIR);
    snapshot();
    t.nodes.dir(TARGET);
    BackupException e = assertThrows(BackupException.class, () -> restore(Selection.latest()));
    assertEquals(ErrorId.E_RESTORE_FAILED, e.id());
    assertInstanceOf(InMemoryNodes.Dir.class, t.nodes.get(TARGET));
  }

  @Test
  void no_complete_snapshot_is_backup_missing_or_a_no_op_with_best_effort() throws Exception {
    t.nodes.file(TARGET, "x").file(DIR.resolve(".hosts.backup.5.bak"), "incomplete");
    BackupException e = assertThrows(BackupException.class, () -> restore(Selection.latest()));
    assertEquals(ErrorId.E_BACKUP_MISSING, e.id());
    assertEquals(60, e.exitCode());
    // what to run to see what exists is the command line's to say (CliRemedyHintTest): the
    // domain names the remedy
    assertEquals(List.of(Remedy.LIST_SNAPSHOTS), e.remedies());
    assertInstanceOf(
        RestoreOutcome.NothingToRestore.class,
        restores.restore(TARGET, Selection.latest(), Policy.defaults(), new RestoreOptions(true)));
  }

  @Test
  void dry_run_touches_nothing_and_its_facts_match_the_real_run() throws Exception {
    t.nodes.file(TARGET, "original");
    snapshot();
    t.nodes.file(TARGET, "changed");
    List<String> before = t.nodes.names(DIR);
    t.facts.clear();
    RestoreOutcome plan =
        restores.restore(
            TARGET, Selection.latest(), Policy.defaults(), RestoreOptions.defaults(), true);
    assertInstanceOf(RestoreOutcome.DryRunPlan.class, plan);
    assertEquals(before, t.nodes.names(DIR));
    assertEquals("changed", InMemoryNodes.text(t.nodes.bytes(TARGET)));
    List<Fact> dry = t.facts.all();
    t.facts.clear();
    restore(Selection.latest());
    List<Fact> real = t.facts.all();
    assertEquals(real.size(), dry.size());
    for (int i = 0; i < real.size(); i++) {
      assertEquals(real.get(i).fields().keySet(), dry.get(i).fields().keySet());
      assertEquals(real.get(i).get(FactField.BEFORE_HASH), dry.get(i).get(FactField.BEFORE_HASH));
      assertEquals(real.get(i).get(FactField.AFTER_HASH), dry.get(i).get(FactField.AFTER_HASH));
    }
    Fact restoreFact = real.get(1);
    assertEquals(Sha256.of("changed").hex(), restoreFact.get(FactField.BEFORE_HASH));
    assertEquals(Sha256.of("original").hex(), restoreFact.get(FactField.AFTER_HASH));
  }

  @Test
  void a_failing_write_back_leaves_the_target_as_it_was() throws Exception {
    t.nodes.file(TARGET, "original");
    snapshot();
    t.nodes.file(TARGET, "changed");
    t.nodes.failWhen(op -> op.startsWith("move") && op.contains("restore.tmp"));
    assertThrows(BackupException.class, () -> restore(Selection.latest()));
    assertEquals("changed", InMemoryNodes.text(t.nodes.bytes(TARGET)));
    assertTrue(t.nodes.names(DIR).stream().noneMatch(n -> n.endsWith(".restore.tmp")));
  }

  @Test
  void backup_durable_says_whether_the_write_back_reached_stable_storage() throws Exception {
    t.nodes.file(TARGET, "original");
    snapshot();
    t.nodes.file(TARGET, "changed");
    restore(Selection.latest());
    assertEquals(true, lastRestoreFact().get(FactField.BACKUP_DURABLE));

    t.nodes.file(TARGET, "changed again").flushUnsupported();
    restore(Selection.latest());
    assertEquals(
        false,
        lastRestoreFact().get(FactField.BACKUP_DURABLE),
        "a backend that cannot flush is not called durable, as for a snapshot");
    assertEquals("original", InMemoryNodes.text(t.nodes.bytes(TARGET)));
  }

  private Fact lastRestoreFact() {
    List<Fact> all =
        t.facts.all().stream().filter(f -> f.event() == FactEvent.RESTORE_RESULT).toList();
    return all.get(all.size() - 1);
  }
}
