package io.backupsidecar.domain.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.fakes.InMemoryNodes;
import io.backupsidecar.domain.fakes.TestPorts;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.PriorKind;
import io.backupsidecar.domain.model.RestoredElsewhere;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.Snapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code restore --to}: the snapshot's state at another path, target and history untouched. */
class RestoreElsewhereTest {
  private static final Path TARGET = Path.of("/etc/hosts");
  private static final Path OTHER = Path.of("/srv/copy/hosts.old");
  private static final Instant MTIME = Instant.parse("2025-01-01T00:00:00Z");

  private final TestPorts t = new TestPorts();
  private final Services services = Services.wire(t.ports);
  private final RestoreElsewhere elsewhere = services.restoresElsewhere();

  private Snapshot snapshot() throws BackupException {
    Snapshot s = services.snapshots().snapshot(TARGET, Policy.defaults());
    t.clock.advance(Duration.ofSeconds(1));
    return s;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void the_snapshot_is_written_at_the_other_path_with_its_metadata_and_nothing_else_changes()
      throws Exception {
    t.nodes.file(TARGET, utf8("original"), 04750, 10, 20, MTIME);
    t.nodes.xattr(TARGET, "security.capability", new byte[] {1, 2, 3});
    snapshot();
    t.nodes.file(TARGET, utf8("changed!"), 0600, 0, 0, Instant.now());
    t.nodes.dir(OTHER.getParent());
    List<String> beside = t.nodes.names(TARGET.getParent());

    RestoredElsewhere r =
        elsewhere.restore(TARGET, Selection.latest(), OTHER, Policy.defaults(), false);

    InMemoryNodes.File written = (InMemoryNodes.File) t.nodes.get(OTHER);
    assertArrayEquals(utf8("original"), written.bytes);
    assertEquals(0104750, written.mode);
    assertEquals(10, written.uid);
    assertEquals(20, written.gid);
    assertEquals(MTIME, written.mtime);
    assertArrayEquals(new byte[] {1, 2, 3}, written.xattrs.get("security.capability"));
    assertTrue(r.verified());
    assertTrue(r.ownerApplied());
    assertEquals(PriorKind.FILE, r.kind());
    assertArrayEquals(utf8("changed!"), t.nodes.bytes(TARGET), "the target is not touched");
    assertEquals(beside, t.nodes.names(TARGET.getParent()), "no capture, no new snapshot");
    assertEquals(List.of("hosts.old"), t.nodes.names(OTHER.getParent()), "no temporary left");
  }

  @Test
  void a_damaged_payload_is_refused_and_the_other_path_is_left_as_it_was() throws Exception {
    t.nodes.file(TARGET, utf8("original"), 0644, 0, 0, MTIME);
    Snapshot s = snapshot();
    t.nodes.file(s.payload(), utf8("tampered"), 0600, 0, 0, MTIME);
    t.nodes.file(OTHER, utf8("keep me"), 0644, 0, 0, MTIME);

    BackupException e =
        assertThrows(
            BackupException.class,
            () -> elsewhere.restore(TARGET, Selection.latest(), OTHER, Policy.defaults(), false));

    assertEquals(ErrorId.E_RESTORE_FAILED, e.id());
    assertArrayEquals(utf8("keep me"), t.nodes.bytes(OTHER));
    assertEquals(List.of("hosts.old"), t.nodes.names(OTHER.getParent()));
  }

  @Test
  void a_dry_run_checks_the_payload_and_writes_nothing() throws Exception {
    t.nodes.file(TARGET, utf8("original"), 0644, 0, 0, MTIME);
    snapshot();
    t.nodes.dir(OTHER.getParent());

    RestoredElsewhere r =
        elsewhere.restore(TARGET, Selection.latest(), OTHER, Policy.defaults(), true);

    assertTrue(r.dryRun());
    assertTrue(r.verified());
    assertNull(t.nodes.get(OTHER));
    assertEquals(List.of(), t.nodes.names(OTHER.getParent()));
  }

  @Test
  void a_symlink_snapshot_becomes_a_link_and_an_absent_one_removes_the_other_path()
      throws Exception {
    t.nodes.symlink(TARGET, "hosts.real");
    snapshot();
    t.nodes.dir(OTHER.getParent());

    elsewhere.restore(TARGET, Selection.latest(), OTHER, Policy.defaults(), false);
    assertEquals(new InMemoryNodes.Link("hosts.real"), t.nodes.get(OTHER));

    Path absent = Path.of("/etc/absent");
    services.snapshots().snapshot(absent, Policy.defaults());
    t.clock.advance(Duration.ofSeconds(1));
    RestoredElsewhere none =
        elsewhere.restore(absent, Selection.latest(), OTHER, Policy.defaults(), false);
    assertEquals(PriorKind.NONE, none.kind());
    assertNull(t.nodes.get(OTHER));
  }

  @Test
  void the_target_itself_or_a_directory_is_refused() throws Exception {
    t.nodes.file(TARGET, utf8("original"), 0644, 0, 0, MTIME);
    snapshot();
    t.nodes.dir(OTHER);

    BackupException self =
        assertThrows(
            BackupException.class,
            () -> elsewhere.restore(TARGET, Selection.latest(), TARGET, Policy.defaults(), false));
    BackupException dir =
        assertThrows(
            BackupException.class,
            () -> elsewhere.restore(TARGET, Selection.latest(), OTHER, Policy.defaults(), false));

    assertEquals(ErrorId.E_USAGE, self.id());
    assertEquals(ErrorId.E_UNSUPPORTED_NODE, dir.id());
    assertInstanceOf(InMemoryNodes.Dir.class, t.nodes.get(OTHER));
    assertFalse(self.getMessage().contains("--"), "the domain names no CLI flag");
  }
}
