package io.backupsidecar.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.backupsidecar.adapter.fs.posix.PosixBackend;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.NodeState.Unsupported.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inspector contract held by the POSIX inspector, plus the kinds only a real kernel has. It
 * lives in the contract's package so that it can restate the one promise where the backends
 * differ: xattr names (see {@link #a_regular_file_reports_its_user_xattr_names}).
 */
class PosixNodeInspectorContractTest extends NodeInspectorContract {

  @TempDir Path tempDir;

  @Override
  protected Path createRoot() {
    return tempDir;
  }

  @Override
  protected boolean userXattrsWork() throws IOException {
    return Fixtures.userXattrsWork(tempDir);
  }

  @BeforeEach
  void usePosix() {
    inspector = new PosixBackend().nodeInspector();
  }

  /**
   * The POSIX inspector names xattrs in full ({@code user.origin}), as {@code ExtendedAttributes}
   * does and as it must for the namespaces NIO cannot reach ({@code trusted.*}, {@code
   * security.*}); the NIO inspector strips {@code user.}.
   */
  @Override
  @Test
  void a_regular_file_reports_its_user_xattr_names() throws IOException {
    assumeTrue(userXattrsWork(), "the filesystem of " + tempDir + " has no user xattrs");
    Path file = Files.write(root.resolve("f"), new byte[0]);
    Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
        .write("origin", ByteBuffer.wrap(new byte[] {1}));

    NodeState.RegularFile state = assertInstanceOf(NodeState.RegularFile.class, inspect(file));

    assertEquals(List.of("user.origin"), state.xattrNames());
  }

  @Test
  void a_fifo_socket_and_device_are_unsupported_and_never_opened() throws Exception {
    Path fifo = Fixtures.mkfifo(tempDir.resolve("fifo"));
    Path socket = tempDir.resolve("sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      assertEquals(new NodeState.Unsupported(Kind.FIFO),
          assertTimeoutPreemptively(Duration.ofSeconds(20), () -> inspector.inspect(fifo)));
      assertEquals(new NodeState.Unsupported(Kind.SOCKET), inspector.inspect(socket));
      assertEquals(new NodeState.Unsupported(Kind.DEVICE), inspector.inspect(Path.of("/dev/null")));
    }
  }

  @Test
  void the_root_directory_and_dot_names_are_directories() throws IOException {
    assertEquals(new NodeState.Unsupported(Kind.DIRECTORY), inspector.inspect(Path.of("/")));
    assertEquals(new NodeState.Unsupported(Kind.DIRECTORY), inspector.inspect(tempDir.resolve(".")));
    assertEquals(new NodeState.Absent(), inspector.inspect(tempDir.resolve("nope/..")));
  }

  @Test
  void a_file_under_a_regular_file_is_absent() throws IOException {
    Path file = Files.writeString(tempDir.resolve("f"), "x");

    assertInstanceOf(NodeState.Absent.class, inspector.inspect(file.resolve("child")));
  }

  @Test
  void the_process_uid_is_the_effective_one() {
    assertEquals(new com.sun.security.auth.module.UnixSystem().getUid(),
        inspector.processUid().getAsInt()); // the same while uid and euid agree
  }
}
