package io.backupsidecar.domain.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.fakes.FakeClock;
import io.backupsidecar.domain.fakes.InMemoryNodes;
import io.backupsidecar.domain.fakes.Sha256;
import io.backupsidecar.domain.fakes.TestPorts;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.RestoreOptions;
import io.backupsidecar.domain.model.RestoreOutcome;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Snapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A restore's capture of a regular file takes the replaced inode itself as its payload (held before
 * the snapshot's bytes are staged, named before the rename), and falls back to a copy wherever that
 * would not be safe: other hard links, a file changed meanwhile, a backend that cannot, a file the
 * caller does not own.
 */
class CaptureInPlaceTest {
  private static final Path DIR = Path.of("/etc");
  private static final Path TARGET = DIR.resolve("hosts");
  private static final Instant MTIME = Instant.parse("2025-01-01T00:00:00Z");

  private TestPorts t = new TestPorts();
  private int mark;

  private Snapshot snapshotOf(String content) throws BackupException {
    t.nodes.file(TARGET, utf8(content), 0644, 0, 0, MTIME);
    Snapshot s = Services.wire(t.ports).snapshots().snapshot(TARGET, Policy.defaults());
    t.clock.advance(Duration.ofSeconds(1));
    mark = t.nodes.operations().size();
    return s;
  }

  private RestoreOutcome.Restored restoreLatest() throws BackupException {
    return (RestoreOutcome.Restored)
        Services.wire(t.ports)
            .restores()
            .restore(TARGET, Selection.latest(), Policy.defaults(), RestoreOptions.defaults());
  }

  private InMemoryNodes.File changeTargetTo(String content) {
    t.nodes.file(TARGET, utf8(content), 0640, 0, 0, MTIME.plusSeconds(60));
    return (InMemoryNodes.File) t.nodes.get(TARGET);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The operations of this prefix since the last snapshot was taken (the restore's). */
  private List<String> operationsOn(String prefix) {
    List<String> all = t.nodes.operations();
    return all.subList(mark, all.size()).stream().filter(op -> op.startsWith(prefix)).toList();
  }

  @Test
  void the_capture_of_a_file_is_the_replaced_inode_itself_with_its_hash() throws Exception {
    snapshotOf("v1");
    InMemoryNodes.File replaced = changeTargetTo("v2");

    Snapshot capture = restoreLatest().capture().orElseThrow();

    assertSame(replaced, t.nodes.get(capture.payload()), "the payload is the replaced file");
    assertNotSame(replaced, t.nodes.get(TARGET));
    assertArrayEquals(utf8("v1"), t.nodes.bytes(TARGET));
    assertArrayEquals(utf8("v2"), t.nodes.bytes(capture.payload()));
    Sidecar.PriorFile prior = (Sidecar.PriorFile) capture.sidecar().prior();
    assertEquals(Sha256.of(utf8("v2")), prior.payloadHash());
    assertEquals(0640, prior.mode().permissions());
    assertEquals(List.of("hold " + TARGET), operationsOn("hold "));
    assertTrue(operationsOn("copy " + TARGET + " ").isEmpty(), "nothing was copied from it");
  }

  @Test
  void a_capture_in_place_is_verified_and_restores_the_replaced_bytes() throws Exception {
    snapshotOf("v1");
    changeTargetTo("v2");
    Snapshot capture = restoreLatest().capture().orElseThrow();

    Services.wire(t.ports)
        .restores()
        .restore(
            TARGET,
            Selection.at(capture.name().stamp()),
            Policy.defaults(),
            RestoreOptions.defaults());

    assertArrayEquals(utf8("v2"), t.nodes.bytes(TARGET));
    assertEquals(0100640, ((InMemoryNodes.File) t.nodes.get(TARGET)).mode);
  }

  @Test
  void a_file_with_another_hard_link_is_captured_by_copy() throws Exception {
    snapshotOf("v1");
    InMemoryNodes.File replaced = changeTargetTo("v2");
    Path other = Path.of("/srv/hosts-link");
    t.nodes.dir(other.getParent()).hardLink(other, TARGET);

    Snapshot capture = restoreLatest().capture().orElseThrow();

    assertNotSame(replaced, t.nodes.get(capture.payload()));
    assertEquals(1, operationsOn("copy " + TARGET + " ").size());
    // a later write through the other link does not reach the capture
    replaced.bytes = utf8("v3");
    assertArrayEquals(utf8("v2"), t.nodes.bytes(capture.payload()));
  }

  @Test
  void a_file_that_changed_while_it_was_hashed_is_captured_by_copy() throws Exception {
    snapshotOf("v1");
    changeTargetTo("v2");
    t.nodes.failWhen(op -> op.equals("await " + TARGET));

    Snapshot capture = restoreLatest().capture().orElseThrow();

    assertEquals(1, operationsOn("copy " + TARGET + " ").size());
    assertArrayEquals(utf8("v2"), t.nodes.bytes(capture.payload()));
    assertEquals(List.of("release " + TARGET), operationsOn("release "));
  }

  @Test
  void a_backend_that_cannot_hold_a_file_captures_by_copy() throws Exception {
    t.nodes.copyCaptures();
    snapshotOf("v1");
    InMemoryNodes.File replaced = changeTargetTo("v2");

    Snapshot capture = restoreLatest().capture().orElseThrow();

    assertNotSame(replaced, t.nodes.get(capture.payload()));
    assertArrayEquals(utf8("v2"), t.nodes.bytes(capture.payload()));
  }

  @Test
  void a_user_captures_a_file_of_another_owner_by_copy() throws Exception {
    t = new TestPorts(new InMemoryNodes(1000), new FakeClock());
    t.nodes.file(TARGET, utf8("v1"), 0666, 1000, 1000, MTIME);
    Services.wire(t.ports).snapshots().snapshot(TARGET, Policy.defaults());
    t.clock.advance(Duration.ofSeconds(1));
    t.nodes.file(TARGET, utf8("v2"), 0666, 2000, 2000, MTIME.plusSeconds(60));
    InMemoryNodes.File replaced = (InMemoryNodes.File) t.nodes.get(TARGET);

    Snapshot capture = restoreLatest().capture().orElseThrow();

    assertNotSame(replaced, t.nodes.get(capture.payload()));
    assertArrayEquals(utf8("v2"), t.nodes.bytes(capture.payload()));
  }

  @Test
  void a_refused_restore_leaves_no_capture_and_releases_the_held_file() throws Exception {
    Snapshot s = snapshotOf("v1");
    InMemoryNodes.File replaced = changeTargetTo("v2");
    ((InMemoryNodes.File) t.nodes.get(s.payload())).bytes = utf8("xx");
    List<String> before = t.nodes.names(DIR);

    BackupException e = assertThrows(BackupException.class, this::restoreLatest);

    assertEquals(ErrorId.E_RESTORE_FAILED, e.id());
    assertSame(replaced, t.nodes.get(TARGET));
    assertEquals(before, t.nodes.names(DIR), "no capture, no staging file left");
    assertEquals(List.of("release " + TARGET), operationsOn("release "));
  }

  @Test
  void when_the_rename_fails_the_capture_sharing_the_target_is_removed() throws Exception {
    snapshotOf("v1");
    InMemoryNodes.File replaced = changeTargetTo("v2");
    List<String> before = t.nodes.names(DIR);
    t.nodes.failWhen(op -> op.startsWith("move ") && op.endsWith(" -> " + TARGET));

    BackupException e = assertThrows(BackupException.class, this::restoreLatest);

    assertEquals(ErrorId.E_RESTORE_FAILED, e.id());
    assertSame(replaced, t.nodes.get(TARGET));
    assertArrayEquals(utf8("v2"), t.nodes.bytes(TARGET));
    assertEquals(before, t.nodes.names(DIR), "the capture (a second name of the target) is gone");
  }

  @Test
  void restoring_an_absent_state_captures_the_removed_file_itself() throws Exception {
    t.nodes.dir(DIR);
    Services.wire(t.ports).snapshots().snapshot(TARGET, Policy.defaults()); // absent
    t.clock.advance(Duration.ofSeconds(1));
    mark = t.nodes.operations().size();
    InMemoryNodes.File removed = changeTargetTo("created later");

    Snapshot capture = restoreLatest().capture().orElseThrow();

    assertNull(t.nodes.get(TARGET));
    assertSame(removed, t.nodes.get(capture.payload()));
    assertTrue(operationsOn("copy " + TARGET + " ").isEmpty(), "nothing was copied from it");
  }

  @Test
  void restoring_a_symlink_over_a_file_captures_the_replaced_file_itself() throws Exception {
    t.nodes.symlink(TARGET, "hosts.real");
    Services.wire(t.ports).snapshots().snapshot(TARGET, Policy.defaults());
    t.clock.advance(Duration.ofSeconds(1));
    mark = t.nodes.operations().size();
    InMemoryNodes.File replaced = changeTargetTo("a file now");

    Snapshot capture = restoreLatest().capture().orElseThrow();

    assertEquals(new InMemoryNodes.Link("hosts.real"), t.nodes.get(TARGET));
    assertSame(replaced, t.nodes.get(capture.payload()));
  }

  @Test
  void when_removing_the_file_fails_the_capture_sharing_it_is_removed() throws Exception {
    t.nodes.dir(DIR);
    Services.wire(t.ports).snapshots().snapshot(TARGET, Policy.defaults()); // absent
    t.clock.advance(Duration.ofSeconds(1));
    InMemoryNodes.File file = changeTargetTo("created later");
    List<String> before = t.nodes.names(DIR);
    t.nodes.failWhen(op -> op.equals("delete " + TARGET));

    assertThrows(BackupException.class, this::restoreLatest);

    assertSame(file, t.nodes.get(TARGET));
    assertEquals(before, t.nodes.names(DIR));
  }

  @Test
  void a_capture_by_copy_stays_when_the_rename_fails() throws Exception {
    t.nodes.copyCaptures();
    snapshotOf("v1");
    changeTargetTo("v2");
    int before = t.nodes.names(DIR).size();
    t.nodes.failWhen(op -> op.startsWith("move ") && op.endsWith(" -> " + TARGET));

    assertThrows(BackupException.class, this::restoreLatest);

    assertEquals(before + 2, t.nodes.names(DIR).size(), "a copy is its own file: valid history");
  }
}
