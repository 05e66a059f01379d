package io.backupsidecar.app.cli;

import static io.backupsidecar.app.cli.CliHarness.names;
import static io.backupsidecar.app.cli.CliHarness.namesStartingWith;
import static io.backupsidecar.app.cli.CliHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.app.cli.CliHarness.Result;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue "foundation": targets that cannot be snapshotted are refused with the right exit code and
 * error id, the path is named, and nothing is written.
 */
class CliRefusalTest {
  @TempDir Path dir;

  private static void assertRefused(Result r, int exit, String id, Path path) {
    assertEquals(exit, r.exit(), r::toString);
    assertTrue(r.err().contains("error " + id + ":"), r::toString);
    assertTrue(r.err().contains(path.toString()), r::toString);
  }

  @Test
  void a_directory_is_refused_with_exit_64_and_nothing_is_written() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("sub"));
    List<String> before = names(dir);

    Result r = run("snapshot", sub.toString());

    assertRefused(r, 64, "E_UNSUPPORTED_NODE", sub);
    assertEquals(before, names(dir));
    assertEquals(List.of(), names(sub));
  }

  @Test
  void a_fifo_is_refused_with_exit_64_without_ever_blocking_on_it() throws Exception {
    Path fifo = dir.resolve("pipe");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS));
    assertEquals(0, mkfifo.exitValue());
    List<String> before = names(dir);

    // nobody ever opens the other end: reading the FIFO would hang forever
    Result r =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> run("snapshot", fifo.toString()));

    assertRefused(r, 64, "E_UNSUPPORTED_NODE", fifo);
    assertEquals(before, names(dir));
  }

  @Test
  void a_unix_socket_is_refused_with_exit_64_and_nothing_is_written() throws Exception {
    Path socket = dir.resolve("sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      List<String> before = names(dir);

      Result r =
          assertTimeoutPreemptively(
              Duration.ofSeconds(10), () -> run("snapshot", socket.toString()));

      assertRefused(r, 64, "E_UNSUPPORTED_NODE", socket);
      assertEquals(before, names(dir));
    }
  }

  @Test
  void a_device_is_refused_with_exit_64_and_nothing_is_written_beside_it() throws Exception {
    Path devNull = Path.of("/dev/null");
    List<String> before = namesStartingWith(devNull.getParent(), ".null.");

    Result r = run("snapshot", devNull.toString());

    assertRefused(r, 64, "E_UNSUPPORTED_NODE", devNull);
    assertEquals(before, namesStartingWith(devNull.getParent(), ".null."));
  }

  @Test
  void one_unsupported_target_among_many_means_nothing_is_written_for_any() throws Exception {
    Path file = dir.resolve("file");
    Files.writeString(file, "x");
    Path sub = Files.createDirectory(dir.resolve("sub"));
    List<String> before = names(dir);

    Result r = run("snapshot", file.toString(), sub.toString(), dir.resolve("absent").toString());

    assertRefused(r, 64, "E_UNSUPPORTED_NODE", sub);
    assertEquals(before, names(dir));
  }

  @Test
  void an_invalid_tag_is_refused_with_exit_10_and_nothing_is_written() throws Exception {
    Path file = dir.resolve("file");
    Files.writeString(file, "x");
    List<String> before = names(dir);

    Result r = run("snapshot", "--tag", "a.b", file.toString());

    assertEquals(10, r.exit(), r::toString);
    assertTrue(r.err().contains("error E_POLICY:"), r::toString);
    assertTrue(r.err().contains("a.b"), r::toString);
    assertEquals(before, names(dir));
  }

  @Test
  void a_name_too_long_for_a_backup_name_is_refused_with_exit_10_and_nothing_is_written()
      throws Exception {
    Path file = dir.resolve("n".repeat(250));
    Files.writeString(file, "x");
    List<String> before = names(dir);

    Result r = run("snapshot", file.toString());

    assertRefused(r, 10, "E_POLICY", file);
    assertTrue(r.err().contains("255"), r::toString);
    assertEquals(before, names(dir));
  }
}
