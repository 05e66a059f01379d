package io.backupsidecar.app.hostile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.backupsidecar.app.hostile.Hostile.Run;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Targets a safety tool must refuse or handle exactly, on the real filesystem: special nodes, names
 * at the length limit, names that are not UTF-8 or hold a newline, a symlinked parent. Each refusal
 * carries its error id, writes nothing anywhere, and never hangs.
 */
class HostileTargetsTest {
  private static final Duration NO_HANG = Duration.ofSeconds(20);

  @TempDir Path root;

  /** Runs the command line with a hang guard. */
  private static Run cli(String... args) {
    return assertTimeoutPreemptively(NO_HANG, () -> Hostile.cli(args));
  }

  private void assertRefusedWithNothingWritten(Path target, String id, int exit)
      throws IOException {
    Map<String, String> before = Hostile.fingerprint(root);
    Run run = cli("snapshot", target.toString());
    assertEquals(exit, run.exit(), run::toString);
    assertTrue(run.err().startsWith("error " + id + ": "), run::toString);
    String name = target.getFileName().toString();
    assertTrue(
        run.err().contains(name.substring(0, Math.min(5, name.length()))),
        "the message names the target: " + run);
    assertEquals(before, Hostile.fingerprint(root), "nothing was written anywhere");
  }

  // ---- special nodes

  @Test
  void a_fifo_is_refused_without_being_opened() throws Exception {
    assumeTrue(Hostile.onLinux() && Hostile.commandExists("mkfifo"));
    Path fifo = root.resolve("fifo");
    assertEquals(0, Hostile.exec(List.of("mkfifo", fifo.toString()), 10).exit());

    // Opening a FIFO with no writer blocks forever: the timeout guard would catch that.
    assertRefusedWithNothingWritten(fifo, "E_UNSUPPORTED_NODE", 64);
    assertTrue(cli("snapshot", fifo.toString()).err().contains("is a FIFO"));
  }

  @Test
  void a_unix_socket_is_refused() throws Exception {
    Path socket = root.resolve("sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));

      assertRefusedWithNothingWritten(socket, "E_UNSUPPORTED_NODE", 64);
      assertTrue(cli("snapshot", socket.toString()).err().contains("is a socket"));
    }
  }

  @Test
  void a_character_device_is_refused() throws Exception {
    assumeTrue(
        Hostile.isRoot() && Hostile.commandExists("mknod"),
        "mknod of a character device needs root (and mknod from coreutils)");
    Path device = root.resolve("null-device");
    Run mknod = Hostile.exec(List.of("mknod", device.toString(), "c", "1", "3"), 10);
    assumeTrue(mknod.exit() == 0, "mknod refused here: " + mknod);

    assertRefusedWithNothingWritten(device, "E_UNSUPPORTED_NODE", 64);
    assertTrue(cli("snapshot", device.toString()).err().contains("is a device"));
  }

  @Test
  void a_directory_is_refused() throws Exception {
    Path directory = Files.createDirectory(root.resolve("directory"));
    Files.writeString(directory.resolve("inside"), "x");

    assertRefusedWithNothingWritten(directory, "E_UNSUPPORTED_NODE", 64);
    assertTrue(cli("snapshot", directory.toString()).err().contains("is a directory"));
  }

  @Test
  void restore_over_a_target_that_became_a_fifo_is_refused_without_hanging() throws Exception {
    assumeTrue(Hostile.onLinux() && Hostile.commandExists("mkfifo"));
    Path target = Files.writeString(root.resolve("target"), "prior");
    assertEquals(0, cli("snapshot", target.toString()).exit());
    Files.delete(target);
    assertEquals(0, Hostile.exec(List.of("mkfifo", target.toString()), 10).exit());
    Map<String, String> before = Hostile.fingerprint(root);

    Run run = cli("restore", target.toString());

    assertEquals(70, run.exit(), run::toString);
    assertTrue(
        run.err().startsWith("error E_RESTORE_FAILED: ") && run.err().contains("FIFO"),
        run::toString);
    assertEquals(before, Hostile.fingerprint(root));
  }

  // ---- name length

  /** A name of exactly {@code bytes} UTF-8 bytes, two-byte characters where asked. */
  private static String nameOfBytes(int bytes, boolean twoByteChars) {
    StringBuilder b = new StringBuilder();
    int n = 0;
    while (twoByteChars && n + 2 <= bytes) {
      b.append('\u00e9');
      n += 2;
    }
    while (n < bytes) {
      b.append('a');
      n++;
    }
    assertEquals(bytes, b.toString().getBytes(UTF_8).length);
    return b.toString();
  }

  @Test
  void names_of_254_and_255_bytes_are_refused_as_policy_with_nothing_written() throws Exception {
    for (int bytes : new int[] {254, 255}) {
      Path target = Files.writeString(root.resolve(nameOfBytes(bytes, false)), "x");
      assertRefusedWithNothingWritten(target, "E_POLICY", 10);
      assertTrue(cli("snapshot", target.toString()).err().contains("too long"));
      Files.delete(target);
    }
  }

  @Test
  void the_longest_name_whose_backup_names_fit_works_and_one_byte_more_is_refused()
      throws Exception {
    // .<name>.backup.<13 digits>.bak.meta.json.tmp is 40 bytes plus the name: 215 is the limit
    for (boolean twoByte : new boolean[] {false, true}) {
      Path dir = Files.createDirectory(root.resolve(twoByte ? "two-byte" : "one-byte"));
      Path fits = Files.writeString(dir.resolve(nameOfBytes(215, twoByte)), "fits");
      Run ok = cli("snapshot", fits.toString());
      assertEquals(0, ok.exit(), ok::toString);
      Files.writeString(fits, "changed");
      assertEquals(0, cli("restore", fits.toString()).exit());
      assertEquals("fits", Files.readString(fits));
      assertEquals(0, cli("verify", fits.toString()).exit());
      assertTrue(Hostile.names(dir).stream().allMatch(n -> n.getBytes(UTF_8).length <= 255));

      Path tooLong = Files.writeString(dir.resolve(nameOfBytes(216, twoByte)), "x");
      assertRefusedWithNothingWritten(tooLong, "E_POLICY", 10);
    }
  }

  // ---- names that are not UTF-8, and newlines

  /**
   * Runs the CLI in a fresh JVM from bash, so that a path holding raw bytes that are not UTF-8
   * reaches Java exactly as a user's shell would pass it ({@code $'\xff'}).
   */
  private static Run bashCli(String script, Path dir) throws Exception {
    List<String> java = Hostile.javaMain(Hostile.classPath());
    StringBuilder javaCmd = new StringBuilder();
    for (String part : java) {
      javaCmd.append('\'').append(part.replace("'", "'\\''")).append("' ");
    }
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "bash",
                "-c",
                "set -e; cd \"$1\"; backup() { " + javaCmd + "\"$@\"; }; " + script,
                "bash",
                dir.toString()));
    return Hostile.exec(cmd, 60);
  }

  @Test
  void names_that_are_not_utf8_are_refused_as_policy_and_never_mistaken_for_another_file()
      throws Exception {
    assumeTrue(Hostile.onLinux() && Hostile.commandExists("bash"));
    // Under a UTF-8 sun.jnu.encoding byte 0xff decodes to U+FFFD, which encodes back as
    // EF BF BD: another name. A decoy with exactly that name must never be read or written.
    Run setup =
        Hostile.exec(
            List.of(
                "bash",
                "-c",
                "cd \"$1\"; "
                    + "printf bad > \"$(printf 'bad\\377name')\"; "
                    + "printf decoy > \"$(printf 'bad\\357\\277\\275name')\"; "
                    + "mkdir \"$(printf 'd\\377')\" \"$(printf 'd\\357\\277\\275')\"; "
                    + "printf inner > \"$(printf 'd\\377')/f\"; printf decoy > \"$(printf 'd\\357\\277\\275')/f\"",
                "bash",
                root.toString()),
            10);
    assertEquals(0, setup.exit(), setup::toString);
    Map<String, String> before = Hostile.fingerprint(root);

    Run file =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () ->
                bashCli(
                    "backup snapshot \"$PWD/$(printf 'bad\\377name')\" || echo \"exit=$?\"", root));
    Run inDir =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () ->
                bashCli("backup snapshot \"$PWD/$(printf 'd\\377')/f\" || echo \"exit=$?\"", root));

    assertTrue(
        file.out().contains("exit=10") && file.err().startsWith("error E_POLICY: "),
        file::toString);
    assertTrue(file.err().contains("UTF-8"), file::toString);
    assertTrue(
        inDir.out().contains("exit=10") && inDir.err().startsWith("error E_POLICY: "),
        inDir::toString);
    assertTrue(inDir.err().contains("UTF-8"), inDir::toString);
    assertEquals(before, Hostile.fingerprint(root), "neither the file nor a decoy was touched");
  }

  @Test
  void a_name_with_a_newline_snapshots_lists_escaped_restores_and_verifies() throws Exception {
    Path target = Files.writeString(root.resolve("two\nlines"), "original");

    Run snap = cli("snapshot", target.toString());
    assertEquals(0, snap.exit(), snap::toString);
    Run list = cli("list", target.toString());
    assertEquals(0, list.exit(), list::toString);
    assertTrue(list.out().contains(".two\\x0alines.backup."), list::toString);
    assertEquals(
        2, list.out().split("\n", -1).length - 1, "header and one row, no raw newline: " + list);
    Files.writeString(target, "changed");
    Run restore = cli("restore", target.toString());
    assertEquals(0, restore.exit(), restore::toString);
    assertEquals("original", Files.readString(target));
    assertEquals(0, cli("verify", target.toString()).exit());
    assertTrue(Hostile.names(root).stream().allMatch(n -> n.contains("two\nlines")));
  }

  // ---- a parent directory that is a symlink

  @Test
  void a_symlinked_parent_is_resolved_and_the_snapshot_is_written_in_the_real_directory()
      throws Exception {
    Path real = Files.createDirectory(root.resolve("real"));
    Path link = Files.createSymbolicLink(root.resolve("link"), real.getFileName());
    Path target = Files.writeString(real.resolve("config"), "v1");
    Map<String, String> outside = Hostile.fingerprint(root, real);

    Run snap = cli("snapshot", link.resolve("config").toString());

    assertEquals(0, snap.exit(), snap::toString);
    List<String> artifacts = Hostile.names(real).stream().filter(n -> n.startsWith(".")).toList();
    assertEquals(2, artifacts.size(), "payload and sidecar in the real directory: " + artifacts);
    assertEquals(outside, Hostile.fingerprint(root, real), "nothing written elsewhere");
    assertTrue(Files.isSymbolicLink(link), "the parent link is left as it is");
    // both spellings see the same snapshot; a restore through the link works
    assertTrue(cli("list", target.toString()).out().contains(artifacts.get(0)));
    assertTrue(cli("list", link.resolve("config").toString()).out().contains(artifacts.get(0)));
    Files.writeString(target, "v2");
    Run restore = cli("restore", link.resolve("config").toString());
    assertEquals(0, restore.exit(), restore::toString);
    assertEquals("v1", Files.readString(target));
    assertFalse(Files.isSymbolicLink(target));
    assertEquals(0, cli("verify", link.resolve("config").toString()).exit());
  }

  @Test
  void a_symlinked_grandparent_already_worked_the_same_way() throws Exception {
    Path real = Files.createDirectories(root.resolve("real/sub"));
    Files.createSymbolicLink(root.resolve("link"), Path.of("real"));
    Path target = Files.writeString(real.resolve("config"), "v1");

    Run snap = cli("snapshot", root.resolve("link/sub/config").toString());

    assertEquals(0, snap.exit(), snap::toString);
    assertEquals(3, Hostile.names(real).size());
    assertArrayEquals("v1".getBytes(UTF_8), Files.readAllBytes(target));
    assertTrue(Files.exists(target, LinkOption.NOFOLLOW_LINKS));
  }
}
