package io.backupsidecar.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.NodeState.Unsupported.Kind;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inspector contract on the platform filesystem, plus FIFOs, sockets, devices, setuid. */
class RealFilesystemNodeInspectorTest extends NodeInspectorContract {

  @TempDir Path tempDir;

  @Override
  protected Path createRoot() {
    return tempDir;
  }

  @Override
  protected boolean userXattrsWork() throws IOException {
    // tmpfs before Linux 6.6 and some container overlay mounts refuse user.* xattrs.
    return Fixtures.userXattrsWork(tempDir);
  }

  @Test
  void a_fifo_is_unsupported_and_is_not_opened() throws Exception {
    Path fifo = Fixtures.mkfifo(root.resolve("fifo"));

    NodeState state = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> inspect(fifo));

    assertEquals(new NodeState.Unsupported(Kind.FIFO), state);
  }

  @Test
  void a_unix_socket_is_unsupported_socket() throws IOException {
    Path socket = root.resolve("sock");
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

  @Test
  void the_full_mode_includes_setuid_setgid_and_sticky() throws IOException {
    Path file = Files.write(root.resolve("tool"), new byte[0]);
    Files.setAttribute(file, "unix:mode", 07755);

    NodeState.RegularFile state = assertInstanceOf(NodeState.RegularFile.class, inspect(file));

    assertEquals("107755", state.metadata().mode().toOctal());
  }

  @Test
  void the_default_filesystem_reports_the_process_uid_of_id_u() throws Exception {
    Process id = new ProcessBuilder("id", "-u").start();
    id.waitFor(10, TimeUnit.SECONDS);
    int expected =
        Integer.parseInt(new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());

    assertEquals(
        OptionalInt.of(expected),
        NioNodeInspector.forFileSystem(FileSystems.getDefault()).processUid());
  }
}
