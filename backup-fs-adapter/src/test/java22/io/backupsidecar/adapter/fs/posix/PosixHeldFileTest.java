package io.backupsidecar.adapter.fs.posix;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.adapter.fs.Sha256Hasher;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.port.HeldFile;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file held in place for a restore's capture, on the real filesystem: what the shared contract
 * cannot lay out (hard links, a file written to while it is held, a hold closed mid-hash).
 */
class PosixHeldFileTest {

  @TempDir Path root;

  private final Sha256Hasher hasher = new Sha256Hasher();
  private PosixArtifactDirectory dir;

  @BeforeEach
  void open() throws IOException {
    dir = new PosixArtifactStore().open(root);
  }

  @AfterEach
  void close() throws IOException {
    dir.close();
  }

  private NodeState.RegularFile inspectFile(String name) throws IOException {
    return assertInstanceOf(NodeState.RegularFile.class, dir.inspect(name));
  }

  private HeldFile hold(String name) throws IOException {
    return dir.holdInPlace(name, inspectFile(name), hasher).orElseThrow();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void a_file_with_another_hard_link_is_not_held_it_must_be_copied() throws IOException {
    Files.writeString(root.resolve("target"), "abc");
    Files.createLink(root.resolve("elsewhere"), root.resolve("target"));

    Optional<HeldFile> held = dir.holdInPlace("target", inspectFile("target"), hasher);

    assertTrue(held.isEmpty(), "a write through the other link would change the capture");
  }

  @Test
  void a_large_file_is_hashed_on_its_own_thread_exactly() throws Exception {
    byte[] content = new byte[9 * 1024 * 1024 + 3];
    new Random(5).nextBytes(content);
    Files.write(root.resolve("target"), content);

    try (HeldFile held = hold("target")) {
      assertEquals(sha256(content), held.await().hash().hex());
      assertEquals(content.length, held.await().bytes());
    }
    assertArrayEquals(content, Files.readAllBytes(root.resolve("target")));
  }

  @Test
  void a_file_written_to_after_it_was_held_fails_await_so_that_it_is_copied() throws Exception {
    Path target = root.resolve("target");
    Files.writeString(target, "abc");

    try (HeldFile held = hold("target")) {
      Files.writeString(target, "more", StandardOpenOption.APPEND); // the same inode
      FileSystemException e = assertThrows(FileSystemException.class, held::await);
      assertEquals(target.toString(), e.getFile());
      assertTrue(e.getMessage().contains("changed"), e.getMessage());
    }
    assertEquals("abcmore", Files.readString(target));
  }

  @Test
  void a_file_written_to_after_its_hash_is_not_named_and_its_name_is_taken_back() throws Exception {
    Path target = root.resolve("target");
    Files.writeString(target, "abc");

    try (HeldFile held = hold("target")) {
      held.await();
      Files.writeString(target, "more", StandardOpenOption.APPEND);
      assertThrows(FileSystemException.class, () -> held.link("capture"));
    }
    assertFalse(Files.exists(root.resolve("capture")), "no capture whose hash is not its bytes");
    assertEquals("abcmore", Files.readString(target));
  }

  @Test
  void a_hold_closed_while_it_hashes_stops_at_once_and_leaves_the_file() throws Exception {
    byte[] content = new byte[64 * 1024 * 1024];
    new Random(9).nextBytes(content);
    Files.write(root.resolve("target"), content);

    HeldFile held = hold("target");
    assertTimeoutPreemptively(Duration.ofSeconds(20), held::close);
    held.close(); // twice: harmless

    assertArrayEquals(content, Files.readAllBytes(root.resolve("target")));
    assertEquals(
        0,
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("backup-capture-hash") && t.isAlive())
            .count(),
        "the hashing thread is gone");
  }

  @Test
  void the_held_bytes_are_the_file_s_also_when_it_is_a_sparse_one() throws Exception {
    Path target = root.resolve("target");
    try (var channel =
        Files.newByteChannel(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      channel.position(5L * 1024 * 1024);
      channel.write(java.nio.ByteBuffer.wrap("end".getBytes(UTF_8)));
    }
    byte[] content = Files.readAllBytes(target);

    try (HeldFile held = hold("target")) {
      assertEquals(sha256(content), held.await().hash().hex());
    }
  }
}
