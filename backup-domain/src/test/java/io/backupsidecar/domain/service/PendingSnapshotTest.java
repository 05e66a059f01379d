package io.backupsidecar.domain.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backupsidecar.domain.fakes.TestPorts;
import io.backupsidecar.domain.model.BackupName;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Tag;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.ArtifactDirectory.StageOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingSnapshotTest {
  private static final Path DIR = Path.of("/srv/app");
  private static final Path TARGET = DIR.resolve("app.conf");

  private final TestPorts t = new TestPorts();

  private PendingSnapshot pending(ArtifactDirectory dir) throws Exception {
    return new PendingSnapshot(
        TARGET,
        dir,
        new NodeState.Absent(),
        BackupName.of("app.conf", new Tag("backup"), 1000),
        Sidecar.Origin.SNAPSHOT);
  }

  @Test
  void each_transition_is_allowed_only_from_the_step_before_it() throws Exception {
    t.nodes.dir(DIR);
    try (ArtifactDirectory dir = t.ports.store().open(DIR)) {
      PendingSnapshot p = pending(dir);
      assertThrows(IllegalStateException.class, () -> p.payloadNamed(p.name()));
      assertThrows(IllegalStateException.class, p::committed);
      p.payloadStaged(p.name());
      assertThrows(IllegalStateException.class, () -> p.startAt(p.name()));
      assertEquals(PendingSnapshot.Step.PAYLOAD_STAGED, p.step());
    }
  }

  @Test
  void abandon_removes_a_named_payload_and_the_staged_sidecar() throws Exception {
    t.nodes.dir(DIR);
    try (ArtifactDirectory dir = t.ports.store().open(DIR)) {
      PendingSnapshot p = pending(dir);
      p.holdPayload(dir.stageBytes(new byte[0], 0600, StageOptions.named(p.payloadName())));
      p.payloadStaged(p.name());
      p.payloadFile().link(p.payloadName());
      p.payloadNamed(p.name());
      p.sidecarStaged(dir.stageBytes(new byte[1], 0600, StageOptions.named(p.sidecarTempName())));

      p.abandon(new RuntimeException("the failure"));

      assertEquals(List.of(), t.nodes.names(DIR));
      assertNull(p.payloadFile());
      assertNull(p.sidecarFile());
    }
  }

  @Test
  void a_committed_snapshot_stays_when_abandoned() throws Exception {
    t.nodes.dir(DIR);
    try (ArtifactDirectory dir = t.ports.store().open(DIR)) {
      PendingSnapshot p = pending(dir);
      p.payloadStaged(p.name());
      dir.createSymlink(p.payloadName(), "elsewhere");
      p.payloadNamed(p.name());
      p.sidecarStaged(dir.stageBytes(new byte[1], 0600, StageOptions.named(p.sidecarTempName())));
      p.sidecarFile().link(p.sidecarName());
      p.committed();

      p.abandon(new RuntimeException("a later target failed"));

      assertEquals(List.of(p.payloadName(), p.sidecarName()), t.nodes.names(DIR));
    }
  }
}
