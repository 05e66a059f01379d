package io.backupsidecar.adapter.fs.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.backupsidecar.adapter.fs.NioNodes;
import io.backupsidecar.domain.contract.NodeFixture;
import io.backupsidecar.domain.contract.NodeInspectorContract;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.NodeState.Unsupported.Kind;
import io.backupsidecar.domain.port.NodeInspector;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inspector contract held by the POSIX inspector, plus the kinds only a real kernel has. */
class PosixNodeInspectorContractTest extends NodeInspectorContract {

  @TempDir Path tempDir;

  @Override
  protected NodeFixture createFixture() throws IOException {
    return NioNodes.real(tempDir);
  }

  @Override
  protected NodeInspector createInspector() {
    return new PosixBackend().nodeInspector();
  }

  @Test
  void xattr_names_are_full_names_as_in_extended_attributes() throws IOException {
    assumeTrue(nodes.userXattrs(), "the filesystem of " + tempDir + " has no user xattrs");
    nodes.file("f", new byte[0], 0644);
    nodes.xattr("f", "user.origin", new byte[] {1});

    NodeState.RegularFile state = assertInstanceOf(NodeState.RegularFile.class, inspect("f"));

    assertEquals(List.of("user.origin"), state.xattrNames());
  }

  @Test
  void a_fifo_socket_and_device_are_unsupported_and_never_opened() throws Exception {
    nodes.fifo("fifo");
    Path socket = tempDir.resolve("sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      assertEquals(
          new NodeState.Unsupported(Kind.FIFO),
          assertTimeoutPreemptively(Duration.ofSeconds(20), () -> inspect("fifo")));
      assertEquals(new NodeState.Unsupported(Kind.SOCKET), inspect(socket));
      assertEquals(new NodeState.Unsupported(Kind.DEVICE), inspect(Path.of("/dev/null")));
    }
  }

  @Test
  void the_root_directory_and_dot_names_are_directories() throws IOException {
    assertEquals(new NodeState.Unsupported(Kind.DIRECTORY), inspect(Path.of("/")));
    assertEquals(new NodeState.Unsupported(Kind.DIRECTORY), inspect(tempDir.resolve(".")));
    assertEquals(new NodeState.Absent(), inspect(tempDir.resolve("nope/..")));
  }

  @Test
  void a_file_under_a_regular_file_is_absent() throws IOException {
    Path file = Files.writeString(tempDir.resolve("f"), "x");

    assertInstanceOf(NodeState.Absent.class, inspect(file.resolve("child")));
  }

  @Test
  void the_process_uid_is_the_effective_one() {
    assertEquals(
        new com.sun.security.auth.module.UnixSystem().getUid(),
        new PosixBackend().processUid().getAsInt()); // the same while uid and euid agree
  }
}
