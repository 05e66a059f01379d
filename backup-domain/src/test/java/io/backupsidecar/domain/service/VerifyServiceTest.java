package io.backupsidecar.domain.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.fakes.InMemoryNodes;
import io.backupsidecar.domain.fakes.TestPorts;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Snapshot;
import io.backupsidecar.domain.model.Tag;
import io.backupsidecar.domain.model.VerifyFinding;
import io.backupsidecar.domain.model.VerifySummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifyServiceTest {
  private static final Path ROOT = Path.of("/srv");

  private final TestPorts t = new TestPorts();
  private final SnapshotService snapshots = Services.wire(t.ports).snapshots();
  private final VerifyService verify = Services.wire(t.ports).verifier();

  private Snapshot snap(Path target, String content) throws Exception {
    t.nodes.file(target, content);
    return snapshots.snapshot(target, Policy.defaults());
  }

  @Test
  void finds_exactly_a_flipped_byte_a_missing_payload_and_a_truncated_sidecar() throws Exception {
    Snapshot flipped = snap(ROOT.resolve("a/one"), "one");
    Snapshot missing = snap(ROOT.resolve("a/b/two"), "two");
    Snapshot truncated = snap(ROOT.resolve("c/three"), "three");
    snap(ROOT.resolve("c/four"), "four");
    t.nodes.symlink(ROOT.resolve("linked"), "/elsewhere");
    snapshots.snapshot(ROOT.resolve("linked"), Policy.builder().tag(new Tag("t2")).build());

    ((InMemoryNodes.File) t.nodes.get(flipped.payload())).bytes[1] ^= 0x10;
    t.nodes.remove(missing.payload());
    InMemoryNodes.File sidecar = (InMemoryNodes.File) t.nodes.get(truncated.sidecarPath());
    sidecar.bytes = java.util.Arrays.copyOf(sidecar.bytes, 10);

    List<VerifyFinding> seen = new ArrayList<>();
    VerifySummary summary = verify.verify(List.of(ROOT), Policy.defaults(), seen::add);

    assertEquals(5, summary.checked());
    assertEquals(5, seen.size());
    assertEquals(3, summary.damaged().size());
    String all = summary.damaged().toString();
    assertTrue(all.contains("does not match its sidecar"), all);
    // a v3 sidecar is ours, and this tool never consumes a payload: damage, not "consumed"
    assertTrue(all.contains(missing.payload() + " is missing"), all);
    assertTrue(all.contains(truncated.sidecarPath().toString()), all);
  }

  @Test
  void a_sound_target_verifies_clean_and_so_does_an_empty_directory() throws Exception {
    Snapshot s = snap(ROOT.resolve("ok"), "fine");
    t.nodes.dir(ROOT.resolve("empty"));
    VerifySummary summary =
        verify.verify(List.of(s.target(), ROOT.resolve("empty")), Policy.defaults(), f -> {});
    assertTrue(summary.allSound());
    assertEquals(1, summary.checked());
  }

  @Test
  void does_not_follow_a_symlinked_directory() throws Exception {
    snap(ROOT.resolve("real/x"), "x");
    t.nodes.symlink(ROOT.resolve("alias"), "real");
    VerifySummary summary = verify.verify(List.of(ROOT), Policy.defaults(), f -> {});
    assertEquals(1, summary.checked());
  }

  @Test
  void an_incomplete_snapshot_is_reported() throws Exception {
    t.nodes.file(ROOT.resolve(".y.backup.5.bak"), "orphan");
    VerifySummary summary = verify.verify(List.of(ROOT), Policy.defaults(), f -> {});
    assertEquals(1, summary.damaged().size());
    assertTrue(summary.damaged().get(0).problems().get(0).startsWith("incomplete snapshot"));
  }
}
