package io.backupsidecar.domain.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.fakes.TestPorts;
import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.model.FactField;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.PruneResult;
import io.backupsidecar.domain.model.Snapshot;
import io.backupsidecar.domain.model.Tag;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PruneServiceTest {
  private static final Path DIR = Path.of("/var/lib/app");
  private static final Path TARGET = DIR.resolve("state.db");

  private final TestPorts t = new TestPorts();
  private final SnapshotService snapshots = Services.wire(t.ports).snapshots();
  private final PruneService prune = Services.wire(t.ports).prunes();

  private List<Snapshot> take(int count, Tag tag, Duration apart) throws Exception {
    List<Snapshot> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      t.nodes.file(TARGET, "v" + i);
      out.add(snapshots.snapshot(TARGET, Policy.builder().tag(tag).build()));
      t.clock.advance(apart);
    }
    return out;
  }

  private List<String> artifacts(String tag) {
    return t.nodes.names(DIR).stream().filter(n -> n.startsWith(".state.db." + tag + ".")).toList();
  }

  @Test
  void keep_five_of_twenty_leaves_the_five_newest_pairs_and_other_tags_alone() throws Exception {
    List<Snapshot> taken = take(20, Tag.DEFAULT, Duration.ofSeconds(1));
    take(3, new Tag("other"), Duration.ofSeconds(1));
    t.nodes.file(DIR.resolve(".unrelated"), "keep me");

    PruneResult r = prune.prune(TARGET, Policy.builder().retentionCountLimit(5).build(), false);

    assertEquals(15, r.pruned().size());
    assertEquals(5, r.retained().size());
    List<String> expected = new ArrayList<>();
    for (Snapshot s : taken.subList(15, 20)) {
      expected.add(s.payload().getFileName().toString());
      expected.add(s.sidecarPath().getFileName().toString());
    }
    assertEquals(expected.stream().sorted().toList(), artifacts("backup"));
    assertEquals(6, artifacts("other").size());
    assertTrue(t.nodes.names(DIR).contains(".unrelated"));
    Fact fact = t.facts.of(FactEvent.PRUNE_RESULT).get(0);
    assertEquals(15, fact.get(FactField.PRUNED_COUNT));
    assertEquals(5, fact.get(FactField.RETAINED_COUNT));
  }

  @Test
  void max_age_on_snapshots_all_older_than_the_age_keeps_exactly_the_newest() throws Exception {
    List<Snapshot> taken = take(4, Tag.DEFAULT, Duration.ofHours(1));
    t.clock.advance(Duration.ofDays(2));
    PruneResult r =
        prune.prune(TARGET, Policy.builder().retentionAgeLimit(Duration.ofDays(1)).build(), false);
    assertEquals(
        List.of(taken.get(3).name().stamp()), r.retained().stream().map(e -> e.stamp()).toList());
    assertEquals(2, artifacts("backup").size());
  }

  @Test
  void count_and_age_together_drop_what_either_rule_drops() throws Exception {
    take(3, Tag.DEFAULT, Duration.ofDays(1));
    take(3, Tag.DEFAULT, Duration.ofMinutes(1));
    PruneResult r =
        prune.prune(
            TARGET,
            Policy.builder().retentionCountLimit(2).retentionAgeLimit(Duration.ofHours(12)).build(),
            false);
    assertEquals(2, r.retained().size());
    assertEquals(4, r.pruned().size());
  }

  @Test
  void stale_incomplete_payloads_and_temporaries_are_removed_after_the_grace_period()
      throws Exception {
    take(1, Tag.DEFAULT, Duration.ofSeconds(1));
    long now = t.clock.millis();
    t.nodes.file(DIR.resolve(".state.db.backup." + (now - 1) + ".bak"), "crashed");
    t.nodes.file(DIR.resolve(".state.db.backup." + (now - 2) + ".bak.meta.json.tmp"), "half");
    t.nodes.file(DIR.resolve(".state.db.backup." + (now - 3) + ".restore.tmp"), "half");

    PruneResult young = prune.prune(TARGET, Policy.defaults(), false);
    assertEquals(0, young.leftovers().size(), "a snapshot in progress is not harmed");
    assertEquals(5, artifacts("backup").size());

    t.clock.advance(Duration.ofMinutes(11));
    PruneResult stale = prune.prune(TARGET, Policy.defaults(), false);
    assertEquals(3, stale.leftovers().size());
    assertEquals(2, artifacts("backup").size());
  }

  @Test
  void sidecar_deletion_is_flushed_before_the_payload_is_deleted() throws Exception {
    // a filesystem may reorder directory operations: without the flush between them, a crash
    // could keep the sidecar and lose the payload (found by the reliability CrashStateTest)
    take(2, Tag.DEFAULT, Duration.ofSeconds(1));
    int before = t.nodes.operations().size();
    prune.prune(TARGET, Policy.builder().retentionCountLimit(1).build(), false);
    List<String> ops =
        t.nodes.operations().subList(before, t.nodes.operations().size()).stream()
            .filter(o -> !o.startsWith("list") && !o.startsWith("open") && !o.startsWith("read"))
            .toList();
    assertEquals(4, ops.size(), ops.toString());
    assertTrue(ops.get(0).startsWith("delete") && ops.get(0).endsWith(".bak.meta.json"));
    assertEquals("fsyncdir " + DIR, ops.get(1));
    assertTrue(ops.get(2).startsWith("delete") && ops.get(2).endsWith(".bak"));
    assertEquals("fsyncdir " + DIR, ops.get(3));
  }

  @Test
  void a_crash_between_sidecar_and_payload_deletion_never_leaves_a_sidecar_alone()
      throws Exception {
    take(2, Tag.DEFAULT, Duration.ofSeconds(1));
    t.nodes.failWhen(op -> op.startsWith("delete") && op.endsWith(".bak"));
    try {
      prune.prune(TARGET, Policy.builder().retentionCountLimit(1).build(), false);
    } catch (Exception expected) {
      // the payload deletion failed, as a crash right after the sidecar deletion would
    }
    long sidecars = artifacts("backup").stream().filter(n -> n.endsWith(".meta.json")).count();
    long payloads = artifacts("backup").stream().filter(n -> n.endsWith(".bak")).count();
    assertEquals(1, sidecars);
    assertEquals(2, payloads, "the pruned one is now an incomplete payload, not a lone sidecar");
  }

  @Test
  void dry_run_removes_nothing_and_reports_the_same_counts() throws Exception {
    take(4, Tag.DEFAULT, Duration.ofSeconds(1));
    Policy keep1 = Policy.builder().retentionCountLimit(1).build();
    PruneResult dry = prune.prune(TARGET, keep1, true);
    assertEquals(8, artifacts("backup").size());
    PruneResult real = prune.prune(TARGET, keep1, false);
    assertEquals(dry.pruned(), real.pruned());
    assertEquals(2, artifacts("backup").size());
    List<Fact> facts = t.facts.of(FactEvent.PRUNE_RESULT);
    assertTrue(facts.get(0).dryRun());
    assertFalse(facts.get(1).dryRun());
    assertEquals(facts.get(0).fields(), facts.get(1).fields());
  }
}
