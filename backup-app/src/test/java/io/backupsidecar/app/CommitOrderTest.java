package io.backupsidecar.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.spy;

import io.backupsidecar.adapter.fs.FileChannelDurability;
import io.backupsidecar.adapter.fs.FsBackend;
import io.backupsidecar.adapter.fs.NioArtifactStore;
import io.backupsidecar.adapter.fs.NioNodeInspector;
import io.backupsidecar.adapter.fs.Sha256Hasher;
import io.backupsidecar.adapter.sidecar.JacksonSidecarCodec;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.port.Durability;
import io.backupsidecar.domain.port.FactEmitter;
import io.backupsidecar.domain.service.Ports;
import io.backupsidecar.domain.service.Services;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.InOrder;

/**
 * The crash-safe order of DESIGN §4 with the real adapters on a real directory: payload flushed and
 * named, directory flushed (barrier), sidecar written and flushed, named (commit), directory
 * flushed. Mockito is used only for what it is for here: the order of calls.
 */
class CommitOrderTest {
  @TempDir Path dir;

  @Test
  void payload_and_directory_are_flushed_before_the_sidecar_is_named() throws Exception {
    Path target =
        Files.write(dir.resolve("hosts"), "127.0.0.1 localhost\n".getBytes(StandardCharsets.UTF_8));
    Durability durability = spy(FileChannelDurability.durable());
    Ports ports =
        new Ports(
            new NioNodeInspector(),
            new NioArtifactStore(),
            durability,
            new Sha256Hasher(),
            new JacksonSidecarCodec(),
            FactEmitter.none(),
            Clock.systemUTC(),
            "backup/test",
            FsBackend.nio(FileSystems.getDefault()).processUid());
    // what the directory held names after each flush: the payload's name is durable before the
    // sidecar is named, and the sidecar's name (the commit) is flushed last
    List<List<String>> namesAtFlush = new java.util.ArrayList<>();
    doAnswer(
            call -> {
              namesAtFlush.add(names());
              return call.callRealMethod();
            })
        .when(durability)
        .flushDirectory(any());

    Services.wire(ports).snapshots().snapshot(target, Policy.defaults());

    InOrder order = inOrder(durability);
    order.verify(durability).flushFiles(argThat(l -> l.size() == 1));
    order.verify(durability).flushDirectory(argThat(d -> d.path().equals(dir)));
    order.verify(durability).flushFiles(argThat(l -> l.size() == 1));
    order.verify(durability).flushDirectory(argThat(d -> d.path().equals(dir)));
    order.verifyNoMoreInteractions();
    assertEquals(2, namesAtFlush.size());
    assertTrue(
        namesAtFlush.get(0).stream().anyMatch(CommitOrderTest::isPayload), namesAtFlush.toString());
    assertTrue(
        namesAtFlush.get(0).stream().noneMatch(n -> n.endsWith(".meta.json")),
        namesAtFlush.toString());
    assertTrue(
        namesAtFlush.get(1).stream().anyMatch(n -> n.endsWith(".bak.meta.json")),
        namesAtFlush.toString());
  }

  private List<String> names() throws java.io.IOException {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static boolean isPayload(String name) {
    return name.startsWith(".hosts.backup.") && name.endsWith(".bak");
  }
}
