package io.backupsidecar.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.contract.ArtifactStoreContract;
import io.backupsidecar.domain.contract.NodeFixture;
import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.port.ArtifactDirectory.StageOptions;
import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.StagedFile;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the platform filesystem, plus what only NIO on a real kernel shows. */
class RealFilesystemArtifactStoreTest extends ArtifactStoreContract {

  @TempDir Path tempDir;

  @Override
  protected NodeFixture createFixture() throws IOException {
    // tmpfs before Linux 6.6 and some container overlay mounts refuse user.* xattrs; ext4,
    // XFS and btrfs accept them: the fixture probes.
    return NioNodes.real(tempDir);
  }

  @Override
  protected ArtifactStore createStore() {
    return new NioArtifactStore();
  }

  @Test
  void a_copy_written_behind_holds_and_hashes_every_byte_of_a_file_past_several_flushes()
      throws IOException {
    // 80 MiB: the copy asks for two early flushes (every 32 MiB) while it is written.
    byte[] content = Fixtures.randomBytes(80 * 1024 * 1024 + 3, 11);
    nodes.file("big", content, 0644);

    Copied copied = copyAs("big", "copy", new StageOptions("copy", true, true));

    assertArrayEquals(content, nodes.bytes("copy"));
    assertEquals(Fixtures.sha256(content), copied.hash());
  }

  @Test
  void the_directory_held_is_acted_in_after_its_path_is_swapped_for_another() throws IOException {
    nodes.file("payload", utf8("x"), 0644);
    Path moved = Files.move(tempDir, tempDir.resolveSibling(tempDir.getFileName() + ".moved"));
    try {
      Files.createDirectory(tempDir);
      Files.write(tempDir.resolve("payload"), utf8("someone else's"));

      assertEquals(List.of("payload"), dir.list());
      // NIO reads owner and mode by path only: they would be of the other file, so refused.
      FileSystemException e =
          assertThrows(FileSystemException.class, () -> dir.readSmall("payload", 100));
      assertTrue(e.getMessage().contains("directory held"), e.getMessage());
      assertTrue(dir.delete("payload"));

      try (var left = Files.list(moved)) {
        assertEquals(0, left.count());
      }
      assertArrayEquals(utf8("someone else's"), Files.readAllBytes(tempDir.resolve("payload")));
    } finally {
      Files.deleteIfExists(tempDir.resolve("payload"));
      Files.deleteIfExists(tempDir);
      Files.move(moved, tempDir);
    }
  }

  @Test
  void a_provisional_name_taken_over_by_another_file_is_not_completed_nor_removed()
      throws IOException {
    try (StagedFile staged = dir.stageBytes(utf8("mine"), 0600, StageOptions.named("tmp"))) {
      nodes.swap("tmp", utf8("theirs"));
      int theirs = nodes.mode("tmp");

      FileSystemException e =
          assertThrows(FileSystemException.class, () -> staged.complete(metadata(04755, null)));

      assertTrue(
          e.getMessage().contains("no longer the file this process created"), e.getMessage());
      assertThrows(FileSystemException.class, () -> staged.link("final"));
      assertEquals(theirs, nodes.mode("tmp"));
    }

    assertArrayEquals(utf8("theirs"), nodes.bytes("tmp"));
    assertFalse(nodes.exists("final"));
  }

  @Test
  void an_eperm_or_eacces_is_a_permission_refusal_and_other_errors_are_not() {
    assertTrue(
        Metadata.isPermissionRefusal(
            new FileSystemException("/f", null, "Operation not permitted")));
    assertTrue(Metadata.isPermissionRefusal(new AccessDeniedException("/f")));
    assertFalse(
        Metadata.isPermissionRefusal(new FileSystemException("/f", null, "Input/output error")));
  }
}
