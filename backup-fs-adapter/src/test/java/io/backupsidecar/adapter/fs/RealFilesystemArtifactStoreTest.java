package io.backupsidecar.adapter.fs;

import io.backupsidecar.domain.model.Copied;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.backupsidecar.domain.model.FileMode;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.NodeState.FileMetadata;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the platform filesystem, plus what only a real kernel can show. */
class RealFilesystemArtifactStoreTest extends ArtifactStoreContract {

  private static final Duration NO_BLOCKING = Duration.ofSeconds(10);

  @TempDir Path tempDir;

  @Override
  protected Path createRoot() {
    return tempDir;
  }

  @Override
  protected boolean userXattrsWork() throws IOException {
    // tmpfs before Linux 6.6 and some container overlay mounts refuse user.* xattrs; ext4,
    // XFS and btrfs accept them.
    return Fixtures.userXattrsWork(tempDir);
  }

  private static boolean isRoot() {
    return ProcessUid.current().orElse(-1) == 0;
  }

  @Test
  void a_writing_behind_store_copies_and_hashes_every_byte_of_a_file_past_several_flushes()
      throws IOException {
    // 80 MiB: the copy asks for two early flushes (every 32 MiB) while it is written.
    byte[] content = Fixtures.randomBytes(80 * 1024 * 1024 + 3, 11);
    Path source = file("big", content);
    Path copy = root.resolve("copy");

    Copied copied = NioArtifactStore.writingBehind()
        .copyNewSparse(source, inspectFile(source), copy, hasher);

    assertArrayEquals(content, Files.readAllBytes(copy));
    assertEquals(Fixtures.sha256(content), copied.hash());
  }

  @Test
  void apply_metadata_keeps_setuid_after_changing_the_owner() throws IOException {
    // chown to another user needs CAP_CHOWN; an unprivileged run cannot show the ordering.
    assumeTrue(isRoot(), "changing a file's owner needs root");
    Path source = file("tool", "#!/bin/sh\n".getBytes(UTF_8));
    Files.setAttribute(source, "unix:mode", 04755);
    Path copy = root.resolve("copy");
    store.copyNew(source, inspectFile(source), copy, hasher);

    store.applyMetadata(
        copy,
        new FileMetadata(
            FileMode.regular(04755), 1234, 5678, Instant.parse("2001-02-03T04:05:06Z")));

    assertEquals(0104755, (int) Files.getAttribute(copy, "unix:mode", NOFOLLOW_LINKS));
    assertEquals(1234, (int) Files.getAttribute(copy, "unix:uid", NOFOLLOW_LINKS));
    assertEquals(5678, (int) Files.getAttribute(copy, "unix:gid", NOFOLLOW_LINKS));
    assertEquals(
        Instant.parse("2001-02-03T04:05:06Z"), Files.getLastModifiedTime(copy).toInstant());
  }

  @Test
  void apply_metadata_sets_setgid_and_sticky_bits() throws IOException {
    Path file = file("payload", "x".getBytes(UTF_8));

    store.applyMetadata(file, new FileMetadata(FileMode.regular(03750), null, null, null));

    assertEquals(0103750, (int) Files.getAttribute(file, "unix:mode", NOFOLLOW_LINKS));
  }

  @Test
  void inspected_setuid_mode_round_trips_through_copy_and_apply_metadata() throws IOException {
    Path source = file("tool", "x".getBytes(UTF_8));
    Files.setAttribute(source, "unix:mode", 06711);
    NodeState.RegularFile seen = inspectFile(source);
    Path copy = root.resolve("copy");

    store.copyNew(source, seen, copy, hasher);
    store.applyMetadata(copy, seen.metadata());

    assertEquals(inspectFile(source).metadata(), inspectFile(copy).metadata());
  }

  @Test
  void read_small_refuses_a_fifo_without_opening_it() throws Exception {
    Path fifo = Fixtures.mkfifo(root.resolve("fifo"));

    assertTimeoutPreemptively(
        NO_BLOCKING,
        () -> assertThrows(FileSystemException.class, () -> store.readSmall(fifo, 100)));
  }

  @Test
  void mismatch_refuses_a_fifo_without_opening_it() throws Exception {
    Path fifo = Fixtures.mkfifo(root.resolve("fifo"));
    Path file = java.nio.file.Files.write(root.resolve("f"), new byte[] {1});

    assertTimeoutPreemptively(
        NO_BLOCKING,
        () -> assertThrows(FileSystemException.class, () -> store.mismatch(file, fifo)));
  }

  @Test
  void hash_refuses_a_fifo_without_opening_it() throws Exception {
    Path fifo = Fixtures.mkfifo(root.resolve("fifo"));

    assertTimeoutPreemptively(
        NO_BLOCKING,
        () -> assertThrows(FileSystemException.class, () -> store.hash(fifo, hasher)));
  }

  @Test
  void copy_new_refuses_a_fifo_swapped_in_for_the_source_without_opening_it() throws Exception {
    Path source = file("source", "x".getBytes(UTF_8));
    NodeState.RegularFile seen = inspectFile(source);
    Files.delete(source);
    Fixtures.mkfifo(source);
    Path destination = root.resolve("copy");

    assertTimeoutPreemptively(
        NO_BLOCKING,
        () ->
            assertThrows(
                FileSystemException.class,
                () -> store.copyNew(source, seen, destination, hasher)));

    assertFalse(Files.exists(destination, NOFOLLOW_LINKS));
  }

  @Test
  void apply_metadata_refuses_a_fifo_without_opening_it() throws Exception {
    Path fifo = Fixtures.mkfifo(root.resolve("fifo"));

    assertTimeoutPreemptively(
        NO_BLOCKING,
        () ->
            assertThrows(
                FileSystemException.class,
                () ->
                    store.applyMetadata(
                        fifo, new FileMetadata(FileMode.regular(0644), null, null, null))));
  }

  @Test
  void delete_if_present_removes_a_fifo_without_opening_it() throws Exception {
    Path fifo = Fixtures.mkfifo(root.resolve("fifo"));

    assertTimeoutPreemptively(NO_BLOCKING, () -> assertTrue(store.deleteIfPresent(fifo)));
    assertEquals(List.of(), store.list(root));
  }

  @Test
  void an_eperm_or_eacces_is_a_permission_refusal_and_other_errors_are_not() {
    assertTrue(
        NioArtifactStore.Metadata.isPermissionRefusal(
            new FileSystemException("/f", null, "Operation not permitted")));
    assertTrue(
        NioArtifactStore.Metadata.isPermissionRefusal(
            new java.nio.file.AccessDeniedException("/f")));
    assertFalse(
        NioArtifactStore.Metadata.isPermissionRefusal(
            new FileSystemException("/f", null, "Input/output error")));
  }
}
