package io.backupsidecar.app;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.spy;

import io.backupsidecar.adapter.fs.FileChannelDurability;
import io.backupsidecar.adapter.fs.NioArtifactStore;
import io.backupsidecar.adapter.fs.NioNodeInspector;
import io.backupsidecar.adapter.fs.Sha256Hasher;
import io.backupsidecar.adapter.sidecar.JacksonSidecarCodec;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.Durability;
import io.backupsidecar.domain.port.FactEmitter;
import io.backupsidecar.domain.service.Ports;
import io.backupsidecar.domain.service.SnapshotService;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.InOrder;

/**
 * The crash-safe order of DESIGN §4 with the real adapters on a real directory: payload
 * flushed, directory flushed (barrier), sidecar written and flushed, renamed (commit),
 * directory flushed. Mockito is used only for what it is for here: the order of calls.
 */
class CommitOrderTest {
  @TempDir Path dir;

  @Test
  void payload_and_directory_are_flushed_before_the_sidecar_is_renamed_into_place()
      throws Exception {
    Path target = Files.write(dir.resolve("hosts"), "127.0.0.1 localhost\n"
        .getBytes(StandardCharsets.UTF_8));
    ArtifactStore store = spy(new NioArtifactStore());
    Durability durability = spy(FileChannelDurability.durable());
    Ports ports = new Ports(NioNodeInspector.forFileSystem(FileSystems.getDefault()), store,
        durability, new Sha256Hasher(), new JacksonSidecarCodec(), FactEmitter.none(),
        Clock.systemUTC(), "backup/test");

    new SnapshotService(ports).snapshot(target, Policy.defaults());

    InOrder order = inOrder(store, durability);
    order.verify(store).copyNewSparse(eq(target), any(), argThat(p -> isPayload(p)), any());
    order.verify(durability).flushFiles(argThat(l -> l.size() == 1 && isPayload(l.get(0))));
    order.verify(durability).flushDirectory(dir);
    order.verify(store).writeNew(argThat(p -> p.toString().endsWith(".meta.json.tmp")), any(),
        anyInt());
    order.verify(durability).flushFiles(argThat(l -> l.get(0).toString().endsWith(".tmp")));
    order.verify(store).moveAtomically(any(), argThat(p -> p.toString().endsWith(".meta.json")));
    order.verify(durability).flushDirectory(dir);
    order.verifyNoMoreInteractions();
  }

  private static boolean isPayload(Path p) {
    return p != null && p.getFileName().toString().startsWith(".hosts.backup.")
        && p.toString().endsWith(".bak");
  }
}
