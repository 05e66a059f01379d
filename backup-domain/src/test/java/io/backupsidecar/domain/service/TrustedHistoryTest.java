package io.backupsidecar.domain.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.fakes.InMemoryNodes;
import io.backupsidecar.domain.fakes.TestPorts;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.PruneResult;
import io.backupsidecar.domain.model.RestoreOptions;
import io.backupsidecar.domain.model.RestoreOutcome;
import io.backupsidecar.domain.model.SchemaVersion;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.Snapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 3, "trust decides history": latest, previous, retention and the next stamp follow
 * only trusted sidecars with believed stamps; the rest is reported, never acted on. Issue 12 item
 * 6: a v2 snapshot restores with its payload's owner.
 */
class TrustedHistoryTest {
  private static final Path DIR = Path.of("/srv/app");
  private static final Path TARGET = DIR.resolve("app.conf");

  private final TestPorts t = new TestPorts();
  private final Services services = Services.wire(t.ports);

  private Snapshot snapshot(String content) throws Exception {
    t.nodes.file(TARGET, content);
    Snapshot s = services.snapshots().snapshot(TARGET, Policy.defaults());
    t.clock.advance(Duration.ofSeconds(1));
    return s;
  }

  /** Plants a copy of a genuine sidecar and payload at another stamp, with given mode/owner. */
  private void plant(Snapshot genuine, long stamp, int sidecarMode, int uid) {
    String stem = "." + TARGET.getFileName() + ".backup." + stamp;
    t.nodes.file(
        DIR.resolve(stem + ".bak"),
        t.nodes.bytes(genuine.payload()),
        0644,
        uid,
        uid,
        Instant.EPOCH);
    t.nodes.file(
        DIR.resolve(stem + ".bak.meta.json"),
        t.nodes.bytes(genuine.sidecarPath()),
        sidecarMode,
        uid,
        uid,
        Instant.EPOCH);
  }

  @Test
  void a_stamp_planted_far_in_the_future_does_not_push_the_next_stamp() throws Exception {
    Snapshot first = snapshot("one");
    plant(first, 999_999_999_999_999_999L, 0644, 0);

    Snapshot next = snapshot("two");

    assertEquals(t.clock.millis() - 1000, next.name().stamp(), "the clock, not the plant + 1");
  }

  @Test
  void an_untrusted_sidecar_ahead_of_the_clock_does_not_push_the_next_stamp() throws Exception {
    Snapshot first = snapshot("one");
    long planted = t.clock.millis() + Duration.ofHours(1).toMillis();
    plant(first, planted, 0666, 0);

    Snapshot next = snapshot("two");

    assertEquals(t.clock.millis() - 1000, next.name().stamp());
  }

  @Test
  void a_trusted_snapshot_ahead_of_the_clock_within_a_day_still_orders_the_next_one()
      throws Exception {
    Snapshot first = snapshot("one");
    long ahead = t.clock.millis() + Duration.ofHours(1).toMillis();
    plant(first, ahead, 0644, 0);

    assertEquals(ahead + 1, snapshot("two").name().stamp());
  }

  @Test
  void a_restore_s_capture_follows_the_restore_s_own_listing_ahead_and_trusted_only()
      throws Exception {
    Snapshot first = snapshot("one");
    long ahead = t.clock.millis() + Duration.ofHours(1).toMillis();
    plant(first, ahead, 0644, 0); // trusted, within the tolerance: the capture goes past it
    plant(first, ahead + 10, 0666, 0); // untrusted: not followed
    plant(first, 999_999_999_999_999_999L, 0644, 0); // not believed
    t.nodes.file(TARGET, "changed");
    int before = t.nodes.operations().size();

    RestoreOutcome.Restored r =
        (RestoreOutcome.Restored)
            services
                .restores()
                .restore(
                    TARGET,
                    Selection.at(first.name().stamp()),
                    Policy.defaults(),
                    RestoreOptions.defaults());

    assertEquals(ahead + 1, r.capture().orElseThrow().name().stamp());
    List<String> ops = t.nodes.operations();
    assertEquals(
        1,
        ops.subList(before, ops.size()).stream().filter(op -> op.equals("list " + DIR)).count(),
        "the capture's stamp comes from the restore's listing, not a second one");
  }

  @Test
  void latest_skips_untrusted_and_unbelieved_sidecars_and_restores_the_trusted_one()
      throws Exception {
    Snapshot genuine = snapshot("genuine");
    Snapshot other = snapshot("other");
    plant(other, t.clock.millis() + 5, 0664, 0);
    plant(other, 999_999_999_999_999_999L, 0644, 0);
    t.nodes.remove(other.payload()).remove(other.sidecarPath());
    t.nodes.file(TARGET, "changed");

    services
        .restores()
        .restore(
            TARGET,
            Selection.latest(),
            Policy.builder().captureRestoreSnapshot(false).build(),
            RestoreOptions.defaults());

    assertEquals("genuine", InMemoryNodes.text(t.nodes.bytes(TARGET)));
    assertEquals(
        genuine.name(),
        services
            .restores()
            .select(TARGET, Selection.latest(), Policy.defaults())
            .orElseThrow()
            .name());
  }

  @Test
  void a_planted_symlink_sidecar_is_passed_over_but_an_io_error_fails_the_restore()
      throws Exception {
    snapshot("genuine");
    String planted = ".app.conf.backup." + (t.clock.millis() + 5) + ".bak";
    t.nodes.file(DIR.resolve(planted), "evil");
    t.nodes.symlink(DIR.resolve(planted + ".meta.json"), "/etc/shadow");
    t.nodes.file(TARGET, "changed");
    Policy noCapture = Policy.builder().captureRestoreSnapshot(false).build();

    services.restores().restore(TARGET, Selection.latest(), noCapture, RestoreOptions.defaults());
    assertEquals("genuine", InMemoryNodes.text(t.nodes.bytes(TARGET)));

    t.nodes.remove(DIR.resolve(planted)).remove(DIR.resolve(planted + ".meta.json"));
    t.nodes.file(TARGET, "changed again");
    t.nodes.failWhen(op -> op.startsWith("read ") && op.endsWith(".meta.json"));
    io.backupsidecar.domain.model.BackupException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            io.backupsidecar.domain.model.BackupException.class,
            () ->
                services
                    .restores()
                    .restore(TARGET, Selection.latest(), noCapture, RestoreOptions.defaults()));
    assertEquals(io.backupsidecar.domain.model.ErrorId.E_RESTORE_FAILED, e.id(), e::getMessage);
    assertEquals("changed again", InMemoryNodes.text(t.nodes.bytes(TARGET)));
  }

  @Test
  void retention_neither_counts_nor_deletes_untrusted_or_unbelieved_entries() throws Exception {
    Snapshot one = snapshot("one");
    snapshot("two");
    Snapshot three = snapshot("three");
    long untrusted = t.clock.millis() + 5;
    plant(three, untrusted, 0666, 0);
    plant(three, 999_999_999_999_999_999L, 0644, 0);
    t.clock.advance(Duration.ofMinutes(20));

    PruneResult r =
        services.prunes().prune(TARGET, Policy.builder().retentionCountLimit(1).build(), false);

    assertEquals(List.of(three.name()), r.retained().stream().map(e -> e.name()).toList());
    assertEquals(2, r.pruned().size());
    assertEquals(2, r.ignored().size(), r.ignored()::toString);
    List<String> names = t.nodes.names(DIR);
    assertTrue(names.contains(".app.conf.backup." + untrusted + ".bak.meta.json"), names::toString);
    assertTrue(names.contains(".app.conf.backup.999999999999999999.bak"), names::toString);
    assertTrue(!names.contains(one.sidecarPath().getFileName().toString()), names::toString);
  }

  @Test
  void a_v2_snapshot_restores_with_the_payloads_owner_not_the_restorers() throws Exception {
    t.nodes.file(
        TARGET,
        "owned".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        0640,
        1234,
        2345,
        Instant.EPOCH);
    Policy v2 =
        Policy.builder().sidecarVersion(SchemaVersion.V2).captureRestoreSnapshot(false).build();
    Snapshot s = services.snapshots().snapshot(TARGET, v2);
    assertEquals(SchemaVersion.V2, s.sidecar().schema());
    t.nodes.file(
        TARGET,
        "changed".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        0600,
        0,
        0,
        Instant.EPOCH);

    services.restores().restore(TARGET, Selection.latest(), v2, RestoreOptions.defaults());

    InMemoryNodes.File restored = (InMemoryNodes.File) t.nodes.get(TARGET);
    assertEquals("owned", InMemoryNodes.text(restored.bytes));
    assertEquals(1234, restored.uid);
    assertEquals(2345, restored.gid);
  }
}
