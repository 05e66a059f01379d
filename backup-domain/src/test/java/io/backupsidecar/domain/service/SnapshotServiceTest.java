package io.backupsidecar.domain.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.fakes.InMemoryNodes;
import io.backupsidecar.domain.fakes.Sha256;
import io.backupsidecar.domain.fakes.TestPorts;
import io.backupsidecar.domain.fakes.TextSidecarCodec;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.model.FactField;
import io.backupsidecar.domain.model.FileMode;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.SchemaVersion;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Snapshot;
import io.backupsidecar.domain.model.Tag;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotServiceTest {
  private static final Path DIR = Path.of("/srv/app");
  private static final Path TARGET = DIR.resolve("config.yml");
  private static final Instant MTIME = Instant.parse("2025-05-06T07:08:09.123456789Z");

  private final TestPorts t = new TestPorts();
  private final SnapshotService service = Services.wire(t.ports).snapshots();
  private final long now = t.clock.millis();

  @Test
  void file_snapshot_copies_bytes_mode_owner_mtime_and_records_the_hash() throws Exception {
    byte[] content = "port: 8080\n".getBytes(StandardCharsets.UTF_8);
    t.nodes.file(TARGET, content, 04755, 1234, 5678, MTIME);

    Snapshot s = service.snapshot(TARGET, Policy.defaults());

    Path payload = DIR.resolve(".config.yml.backup." + now + ".bak");
    assertEquals(payload, s.payload());
    InMemoryNodes.File copy = (InMemoryNodes.File) t.nodes.get(payload);
    assertArrayEquals(content, copy.bytes);
    assertEquals(0104755, copy.mode);
    assertEquals(1234, copy.uid);
    assertEquals(5678, copy.gid);
    assertEquals(MTIME, copy.mtime);

    Sidecar sidecar =
        new TextSidecarCodec()
            .decode(
                t.nodes.bytes(DIR.resolve(".config.yml.backup." + now + ".bak.meta.json")), "s");
    assertEquals(SchemaVersion.V3, sidecar.schema());
    Sidecar.PriorFile prior = (Sidecar.PriorFile) sidecar.prior();
    assertEquals(Sha256.of(content), prior.payloadHash());
    assertEquals(new FileMode(0104755), prior.mode());
    assertEquals(content.length, prior.size());
    assertEquals(MTIME, prior.mtime());
    assertEquals("config.yml", sidecar.provenance().targetName());
    assertTrue(s.durable());
    assertEquals(
        List.of(
            ".config.yml.backup." + now + ".bak",
            ".config.yml.backup." + now + ".bak.meta.json",
            "config.yml"),
        t.nodes.names(DIR));
  }

  @Test
  void sidecar_is_readable_only_by_those_who_could_read_the_target() throws Exception {
    t.nodes.file(TARGET, new byte[] {1}, 0640, 0, 0, MTIME);
    Snapshot s = service.snapshot(TARGET, Policy.defaults());
    assertEquals(0100640, ((InMemoryNodes.File) t.nodes.get(s.sidecarPath())).mode);
  }

  @Test
  void symlink_snapshot_keeps_the_raw_relative_destination() throws Exception {
    t.nodes.symlink(TARGET, "../shared/config.yml");
    Snapshot s = service.snapshot(TARGET, Policy.defaults());
    assertEquals(new InMemoryNodes.Link("../shared/config.yml"), t.nodes.get(s.payload()));
    assertEquals(new Sidecar.PriorSymlink("../shared/config.yml"), s.sidecar().prior());
  }

  @Test
  void absent_target_gets_an_empty_tombstone_and_prior_kind_none() throws Exception {
    t.nodes.dir(DIR);
    Snapshot s = service.snapshot(TARGET, Policy.defaults());
    assertEquals(0, t.nodes.bytes(s.payload()).length);
    assertInstanceOf(Sidecar.PriorNone.class, s.sidecar().prior());
    assertNull(t.nodes.get(TARGET), "the target stays absent");
  }

  @Test
  void sidecar_version_2_writes_exactly_the_v2_fields() throws Exception {
    t.nodes.file(TARGET, "x");
    Snapshot s =
        service.snapshot(TARGET, Policy.builder().sidecarVersion(SchemaVersion.V2).build());
    assertEquals(
        "schema=backup_meta.v2\nprior_kind=file\nmode=100644\npayload_hash="
            + Sha256.of("x").hex()
            + "\n",
        InMemoryNodes.text(t.nodes.bytes(s.sidecarPath())));
  }

  @Test
  void directories_and_fifos_are_refused_with_nothing_written() {
    t.nodes.dir(DIR.resolve("sub")).fifo(DIR.resolve("pipe")).file(TARGET, "x");
    for (String name : new String[] {"sub", "pipe"}) {
      BackupException e =
          assertThrows(
              BackupException.class,
              () ->
                  service.snapshotAll(
                      List.of(TARGET, DIR.resolve(name)), Policy.defaults(), false));
      assertEquals(ErrorId.E_UNSUPPORTED_NODE, e.id());
      assertEquals(64, e.exitCode());
      assertTrue(e.getMessage().contains(DIR.resolve(name).toString()), e.getMessage());
    }
    assertEquals(List.of("config.yml", "pipe", "sub"), t.nodes.names(DIR));
    Fact refused = t.facts.of(FactEvent.SNAPSHOT_RESULT).get(0);
    assertEquals("E_UNSUPPORTED_NODE", refused.get(FactField.ERROR_ID));
    assertEquals(64, refused.get(FactField.EXIT_CODE));
    assertEquals(DIR.resolve("sub").toString(), refused.get(FactField.PATH));
  }

  @Test
  void a_name_too_long_for_a_backup_name_is_a_policy_error_with_nothing_written() {
    Path longTarget = DIR.resolve("n".repeat(240));
    t.nodes.file(longTarget, "x");
    BackupException e =
        assertThrows(BackupException.class, () -> service.snapshot(longTarget, Policy.defaults()));
    assertEquals(ErrorId.E_POLICY, e.id());
    assertEquals(List.of("n".repeat(240)), t.nodes.names(DIR));
  }

  @Test
  void a_taken_stamp_is_bumped_by_one_millisecond() throws Exception {
    t.nodes.file(TARGET, "x");
    Snapshot first = service.snapshot(TARGET, Policy.defaults());
    Snapshot second = service.snapshot(TARGET, Policy.defaults());
    assertEquals(now, first.name().stamp());
    assertEquals(now + 1, second.name().stamp());
  }

  @Test
  void a_clock_that_stepped_back_still_makes_the_new_snapshot_the_latest() throws Exception {
    t.nodes.file(TARGET, "old");
    Snapshot first = service.snapshot(TARGET, Policy.defaults());
    t.clock.advance(Duration.ofHours(-1));
    Snapshot second = service.snapshot(TARGET, Policy.defaults());
    assertTrue(second.name().stamp() > first.name().stamp());
  }

  @Test
  void protocol_order_payload_flush_link_dirflush_sidecar_flush_link_dirflush() throws Exception {
    t.nodes.file(TARGET, "x");
    service.snapshot(TARGET, Policy.defaults());
    String p = DIR.resolve(".config.yml.backup." + now + ".bak").toString();
    List<String> writes =
        t.nodes.operations().stream()
            .filter(
                op -> !op.startsWith("inspect") && !op.startsWith("list") && !op.startsWith("open"))
            .toList();
    // every new file is complete and flushed before it gets its name; the sidecar's name is the
    // commit point and comes after the payload's name is durable
    assertEquals(
        List.of(
            "copy " + TARGET + " -> " + p,
            "meta " + p,
            "fsync " + p,
            "link " + p + " -> " + p,
            "fsyncdir " + DIR,
            "write " + p + ".meta.json.tmp",
            "fsync " + p + ".meta.json.tmp",
            "link " + p + ".meta.json.tmp -> " + p + ".meta.json",
            "fsyncdir " + DIR),
        writes);
  }

  @Test
  void many_targets_share_two_directory_flushes_per_directory() throws Exception {
    for (int i = 0; i < 20; i++) {
      t.nodes.file(DIR.resolve("f" + i), "v" + i);
    }
    List<Path> targets =
        java.util.stream.IntStream.range(0, 20).mapToObj(i -> DIR.resolve("f" + i)).toList();
    List<Snapshot> all = service.snapshotAll(targets, Policy.defaults(), false);
    assertEquals(20, all.size());
    assertEquals(2, t.nodes.operations().stream().filter(o -> o.startsWith("fsyncdir")).count());
    for (int i = 0; i < 20; i++) {
      assertArrayEquals(
          ("v" + i).getBytes(StandardCharsets.UTF_8), t.nodes.bytes(all.get(i).payload()));
    }
  }

  @Test
  void a_failed_flush_fails_the_snapshot_is_not_retried_and_leaves_no_artifact() {
    t.nodes.file(TARGET, "x").failWhen(op -> op.startsWith("fsyncdir"));
    BackupException e =
        assertThrows(BackupException.class, () -> service.snapshot(TARGET, Policy.defaults()));
    assertEquals(ErrorId.E_SNAPSHOT_FAILED, e.id());
    assertEquals(1, t.nodes.operations().stream().filter(o -> o.startsWith("fsyncdir")).count());
    assertEquals(List.of("config.yml"), t.nodes.names(DIR));
    Fact fact = t.facts.of(FactEvent.SNAPSHOT_RESULT).get(0);
    assertEquals("E_SNAPSHOT_FAILED", fact.get(FactField.ERROR_ID));
    assertEquals(62, fact.get(FactField.EXIT_CODE));
  }

  @Test
  void every_single_failing_operation_leaves_the_target_and_no_committed_garbage() {
    t.nodes.file(TARGET, "precious");
    try {
      service.snapshot(TARGET, Policy.defaults());
    } catch (BackupException e) {
      throw new AssertionError(e);
    }
    int ops = t.nodes.operations().size();
    for (int i = 0; i < ops; i++) {
      TestPorts fresh = new TestPorts();
      fresh.nodes.file(TARGET, "precious");
      String failing = t.nodes.operations().get(i).replace(Long.toString(now), "");
      int[] seen = {0};
      fresh.nodes.failWhen(
          op -> op.replace(Long.toString(now), "").equals(failing) && seen[0]++ == 0);
      BackupException e =
          assertThrows(
              BackupException.class,
              () -> Services.wire(fresh.ports).snapshots().snapshot(TARGET, Policy.defaults()),
              "failing " + failing);
      assertNotEquals(ErrorId.E_GENERIC, e.id());
      assertEquals("precious", InMemoryNodes.text(fresh.nodes.bytes(TARGET)));
      assertEquals(List.of("config.yml"), fresh.nodes.names(DIR), "failing " + failing);
    }
  }

  @Test
  void without_durability_nothing_is_flushed_and_backup_durable_is_false() throws Exception {
    t.nodes.file(TARGET, "x");
    Snapshot s = service.snapshot(TARGET, Policy.builder().requireBackupDurability(false).build());
    assertFalse(s.durable());
    assertTrue(t.nodes.operations().stream().noneMatch(o -> o.startsWith("fsync")));
  }

  @Test
  void a_backend_that_cannot_flush_is_reported_not_durable() throws Exception {
    t.nodes.file(TARGET, "x").flushUnsupported();
    Snapshot s = service.snapshot(TARGET, Policy.defaults());
    assertFalse(s.durable());
    assertEquals(false, t.facts.all().get(0).get(FactField.BACKUP_DURABLE));
  }

  @Test
  void emits_one_snapshot_fact_with_hash_backup_name_and_durability() throws Exception {
    t.nodes.file(TARGET, "x");
    service.snapshot(TARGET, Policy.builder().tag(new Tag("pre")).build());
    Fact f = t.facts.all().get(0);
    assertEquals(FactEvent.SNAPSHOT_RESULT, f.event());
    assertEquals(TARGET.toString(), f.get(FactField.PATH));
    assertEquals("created", f.get(FactField.OUTCOME));
    assertEquals("file", f.get(FactField.PRIOR_KIND));
    assertEquals(".config.yml.pre." + now + ".bak", f.get(FactField.BACKUP));
    assertEquals(Sha256.of("x").hex(), f.get(FactField.PAYLOAD_HASH));
    assertEquals("sha256", f.get(FactField.HASH_ALG));
    assertEquals(true, f.get(FactField.BACKUP_DURABLE));
  }

  @Test
  void dry_run_writes_nothing_and_emits_the_same_fact_fields() throws Exception {
    t.nodes.file(TARGET, "x");
    service.snapshotAll(List.of(TARGET), Policy.defaults(), true);
    assertEquals(List.of("config.yml"), t.nodes.names(DIR));
    Fact dry = t.facts.all().get(0);
    service.snapshot(TARGET, Policy.defaults());
    Fact real = t.facts.all().get(1);
    assertTrue(dry.dryRun());
    assertEquals(real.fields().keySet(), dry.fields().keySet());
    assertEquals(real.get(FactField.PAYLOAD_HASH), dry.get(FactField.PAYLOAD_HASH));
  }

  @Test
  void relative_targets_are_refused() {
    BackupException e =
        assertThrows(
            BackupException.class, () -> service.snapshot(Path.of("relative"), Policy.defaults()));
    assertEquals(ErrorId.E_POLICY, e.id());
  }
}
