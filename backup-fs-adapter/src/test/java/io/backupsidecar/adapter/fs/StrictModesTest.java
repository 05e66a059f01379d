package io.backupsidecar.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.backupsidecar.domain.model.UnsafeDirectoryException;
import io.backupsidecar.domain.port.ArtifactDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NIO store as root refuses a directory another user can write. Most cases run as any user by
 * checking as uid 0 ({@link StrictModes#asUid}); the real root check needs root.
 */
class StrictModesTest {

  private static final NioArtifactStore AS_ROOT = new NioArtifactStore(StrictModes.asUid(0));

  @TempDir Path tempDir;

  private Path directory(String name, int mode) throws IOException {
    Path dir = Files.createDirectory(tempDir.resolve(name));
    Files.setAttribute(dir, "unix:mode", mode);
    return dir;
  }

  private static UnsafeDirectoryException refusal(NioArtifactStore store, Path dir) {
    return assertThrows(UnsafeDirectoryException.class, () -> store.open(dir).close());
  }

  @Test
  void a_group_writable_directory_is_refused_naming_it_and_the_reason() throws IOException {
    Path dir = directory("shared", 0770);

    UnsafeDirectoryException e = refusal(AS_ROOT, dir);

    assertEquals(dir.toRealPath().toString(), e.getFile());
    assertTrue(e.getReason().contains("group can write it (mode 770)"), e.getReason());
    assertTrue(e.getReason().contains("allowingSharedDirectories"), e.getReason());
  }

  @Test
  void a_world_writable_sticky_directory_is_refused() throws IOException {
    Path dir = directory("tmp", 01777);

    UnsafeDirectoryException e = refusal(AS_ROOT, dir);

    assertTrue(e.getReason().contains("(mode 1777)"), e.getReason());
  }

  @Test
  void a_directory_owned_by_another_user_is_refused_even_when_private() throws IOException {
    Path dir = directory("theirs", 0700);
    if (Fixtures.isRoot()) {
      Files.setAttribute(dir, "unix:uid", 1234);
    }

    UnsafeDirectoryException e = refusal(AS_ROOT, dir);

    assertTrue(e.getReason().contains("owned by uid"), e.getReason());
  }

  @Test
  void a_directory_only_root_can_write_is_accepted() throws IOException {
    // The filesystem root is root's and not writable by others on every Linux we run on.
    Path root = tempDir.getRoot();
    assumeTrue(
        (int) Files.getAttribute(root, "unix:uid") == 0
            && ((int) Files.getAttribute(root, "unix:mode") & 022) == 0,
        "/ is root's 0755");

    try (ArtifactDirectory dir = AS_ROOT.open(root)) {
      assertTrue(dir.list().contains("proc"), dir.list().toString());
    }
  }

  @Test
  void a_process_that_is_not_root_is_never_refused() throws IOException {
    Path dir = directory("shared", 0777);

    try (ArtifactDirectory opened = new NioArtifactStore(StrictModes.asUid(1000)).open(dir)) {
      assertEquals(List.of(), opened.list());
    }
  }

  @Test
  void allowing_shared_directories_opens_a_world_writable_one() throws IOException {
    Path dir = directory("shared", 0777);

    try (ArtifactDirectory opened = NioArtifactStore.allowingSharedDirectories().open(dir)) {
      assertEquals(List.of(), opened.list());
    }
  }

  @Test
  void the_default_store_run_as_root_refuses_a_world_writable_directory() throws IOException {
    assumeTrue(Fixtures.isRoot(), "the default store checks only when the process is root");
    Path dir = directory("shared", 0777);

    refusal(new NioArtifactStore(), dir);
  }

  @Test
  void the_effective_uid_checked_is_that_of_id_u() throws Exception {
    Process id = new ProcessBuilder("id", "-u").start();
    id.waitFor(10, TimeUnit.SECONDS);
    int expected =
        Integer.parseInt(
            new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());

    assertEquals(OptionalInt.of(expected), ProcessUid.effective(tempDir.getFileSystem()));
  }

  @Test
  void jimfs_is_never_refused() throws IOException {
    try (FileSystem jimfs = Fixtures.jimfsUnix()) {
      Path dir = Fixtures.jimfsRoot(jimfs);
      Files.setPosixFilePermissions(
          dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));

      try (ArtifactDirectory opened = AS_ROOT.open(dir)) {
        assertEquals(List.of(), opened.list());
      }
    }
  }
}
