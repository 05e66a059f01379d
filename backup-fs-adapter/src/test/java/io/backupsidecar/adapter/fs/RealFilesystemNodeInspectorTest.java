package io.backupsidecar.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.backupsidecar.domain.contract.NodeFixture;
import io.backupsidecar.domain.contract.NodeInspectorContract;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.NodeState.Unsupported.Kind;
import io.backupsidecar.domain.port.NodeInspector;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inspector contract on the platform filesystem, plus sockets and devices. */
class RealFilesystemNodeInspectorTest extends NodeInspectorContract {

  @TempDir Path tempDir;

  @Override
  protected NodeFixture createFixture() throws IOException {
    // tmpfs before Linux 6.6 and some container overlay mounts refuse user.* xattrs: the
    // fixture probes.
    return NioNodes.real(tempDir);
  }

  @Override
  protected NodeInspector createInspector() {
    return new NioNodeInspector();
  }

  @Test
  void a_unix_socket_is_unsupported_socket() throws IOException {
    Path socket = tempDir.resolve("sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));

      assertEquals(new NodeState.Unsupported(Kind.SOCKET), inspect(socket));
    }
  }

  @Test
  void a_character_device_is_unsupported_device() throws IOException {
    assertEquals(
        new NodeState.Unsupported(Kind.DEVICE),
        inspect(FileSystems.getDefault().getPath("/dev/null")));
  }
}
