package io.backupsidecar.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.HeldFile;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file held in place for a restore's capture on the NIO backend (Java 17 to 21), on the real
 * filesystem: what the shared contract cannot lay out (hard links, a file written to while held, a
 * name swapped before the hard link is made, a hold closed mid-hash).
 */
class NioHeldFileTest {

  @TempDir Path root;

  private final Sha256Hasher hasher = new Sha256Hasher();
  private ArtifactDirectory dir;

  @BeforeEach
  void open() throws IOException {
    dir = new NioArtifactStore().open(root);
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

  @Test
  void a_file_with_another_hard_link_is_not_held_it_must_be_copied() throws IOException {
    Files.writeString(root.resolve("target"), "abc");
    Files.createLink(root.resolve("elsewhere"), root.resolve("target"));

    Optional<HeldFile> held = dir.holdInPlace("target", inspectFile("target"), hasher);

    assertTrue(held.isEmpty(), "a write through the other link would change the capture");
  }

  @Test
  void a_file_written_to_after_it_was_held_fails_await_so_that_it_is_copied() throws Exception {
    Path target = root.resolve("target");
    Files.writeString(target, "abc");

    try (HeldFile held = hold("target")) {
      Files.writeString(target, "more", StandardOpenOption.APPEND);
      FileSystemException e = assertThrows(FileSystemException.class, held::await);
      assertTrue(e.getMessage().contains("changed"), e.getMessage());
    }
    assertEquals("abcmore", Files.readString(target));
  }

  @Test
  void a_name_swapped_before_the_link_is_refused_and_the_link_taken_back() throws Exception {
    Path target = root.resolve("target");
    Files.writeString(target, "abc");

    try (HeldFile held = hold("target")) {
      held.await();
      Path planted = root.resolve("planted");
      Files.writeString(planted, "attacker");
      Files.move(planted, target, StandardCopyOption.REPLACE_EXISTING); // NIO links by name
      assertThrows(FileSystemException.class, () -> held.link("capture"));
    }
    assertFalse(Files.exists(root.resolve("capture")), "no capture of a file that was not held");
    assertEquals("attacker", Files.readString(target));
  }

  @Test
  void a_hold_closed_while_it_hashes_stops_and_leaves_the_file() throws Exception {
    byte[] content = new byte[64 * 1024 * 1024];
    new Random(9).nextBytes(content);
    Files.write(root.resolve("target"), content);

    HeldFile held = hold("target");
    assertTimeoutPreemptively(Duration.ofSeconds(20), held::close);
    held.close(); // twice: harmless

    assertArrayEquals(content, Files.readAllBytes(root.resolve("target")));
  }
}
