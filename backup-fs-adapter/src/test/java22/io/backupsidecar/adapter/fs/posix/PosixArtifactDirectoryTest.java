package io.backupsidecar.adapter.fs.posix;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.backupsidecar.adapter.fs.Fixtures;
import io.backupsidecar.adapter.fs.Sha256Hasher;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.FileMode;
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.NodeState.FileMetadata;
import io.backupsidecar.domain.model.NodeState.Unsupported.Kind;
import io.backupsidecar.domain.port.ArtifactDirectory.SmallFile;
import io.backupsidecar.domain.port.ArtifactDirectory.StageOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The POSIX directory handle on the real filesystem: every method, by what lands on disk. */
class PosixArtifactDirectoryTest {

  private static final Duration NO_HANG = Duration.ofSeconds(20);

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

  private static Set<String> namesIn(Path directory) throws IOException {
    try (var stream = Files.list(directory)) {
      Set<String> names = new TreeSet<>();
      stream.forEach(p -> names.add(p.getFileName().toString()));
      return names;
    }
  }

  private static long blocks(Path file) throws Exception {
    return Long.parseLong(PosixTestSupport.check("stat", "-c", "%b", file.toString()).trim());
  }

  @Test
  void list_names_every_entry_but_dot_and_dot_dot() throws IOException {
    Files.writeString(root.resolve("a"), "1");
    Files.createDirectory(root.resolve("sub"));
    Files.createSymbolicLink(root.resolve("link"), Path.of("nowhere"));
    for (int i = 0; i < 500; i++) { // more than one getdents64 buffer
      Files.writeString(root.resolve("file-with-a-long-name-" + i), "");
    }

    assertEquals(namesIn(root), new TreeSet<>(dir.list()));
    assertEquals(503, dir.list().size()); // twice: the listing starts again from the start
  }

  @Test
  void inspect_reports_a_regular_file_with_full_mode_owner_mtime_and_the_jdk_file_key()
      throws IOException {
    Path file = Files.writeString(root.resolve("f"), "hello");
    Files.setAttribute(file, "unix:mode", 04750);
    Instant mtime = Instant.parse("2001-02-03T04:05:06.123456789Z");
    Files.setLastModifiedTime(file, FileTime.from(mtime));

    NodeState.RegularFile state = inspectFile("f");

    assertEquals(5, state.size());
    assertEquals("104750", state.metadata().mode().toOctal());
    assertEquals(Files.getAttribute(file, "unix:uid"), state.metadata().uid());
    assertEquals(Files.getAttribute(file, "unix:gid"), state.metadata().gid());
    assertEquals(mtime, state.metadata().mtime());
    assertEquals(
        String.valueOf(Files.readAttributes(file, "basic:fileKey", NOFOLLOW_LINKS).get("fileKey")),
        state.fileKey());
  }

  @Test
  void inspect_lists_the_xattr_names_of_a_regular_file() throws IOException {
    assumeTrue(Fixtures.userXattrsWork(root), "user xattrs do not work on " + root);
    Path file = Files.writeString(root.resolve("f"), "x");
    Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
        .write("y", ByteBuffer.wrap("value".getBytes(UTF_8)));

    assertTrue(inspectFile("f").xattrNames().contains("user.y"));
  }

  @Test
  void inspect_reports_symlinks_raw_absence_and_refused_kinds() throws Exception {
    Files.createSymbolicLink(root.resolve("rel"), Path.of("../some/where"));
    Files.createDirectory(root.resolve("d"));
    Fixtures.mkfifo(root.resolve("fifo"));

    assertEquals(new NodeState.Symlink("../some/where"), dir.inspect("rel"));
    assertEquals(new NodeState.Absent(), dir.inspect("missing"));
    assertEquals(new NodeState.Unsupported(Kind.DIRECTORY), dir.inspect("d"));
    // no open of the FIFO: nobody writes to it, an open for reading would hang
    assertEquals(
        new NodeState.Unsupported(Kind.FIFO),
        assertTimeoutPreemptively(NO_HANG, () -> dir.inspect("fifo")));
  }

  @Test
  void stage_copy_then_link_gives_a_file_with_the_same_bytes_and_their_hash() throws IOException {
    for (int size : new int[] {0, 1, 4096, 3 * 1024 * 1024 + 17}) {
      byte[] bytes = Fixtures.randomBytes(size, size);
      Files.write(root.resolve("src" + size), bytes);

      try (PosixStagedFile staged =
          dir.stageCopy(
              "src" + size, inspectFile("src" + size), hasher, StageOptions.named(".src.bak"))) {
        staged.link("copy" + size);
        assertEquals(size, staged.copied().bytes());
        assertEquals(Fixtures.sha256(bytes), staged.copied().hash());
      }

      assertArrayEquals(bytes, Files.readAllBytes(root.resolve("copy" + size)));
    }
    assertFalse(Files.exists(root.resolve(".src.bak")), "O_TMPFILE needs no provisional name");
  }

  @Test
  void a_new_file_is_private_until_completed_and_then_has_the_mode_and_mtime_asked()
      throws IOException {
    Files.writeString(root.resolve("src"), "data");
    Instant mtime = Instant.parse("2010-01-01T00:00:00Z");
    try (PosixStagedFile staged =
        dir.stageCopy("src", inspectFile("src"), hasher, StageOptions.named("p"))) {
      staged.link("copy");
      assertEquals(
          "600",
          Integer.toOctalString(
              (Integer) Files.getAttribute(root.resolve("copy"), "unix:mode") & 07777));

      List<String> refused =
          staged.complete(new FileMetadata(FileMode.regular(02751), null, null, mtime));

      assertEquals(List.of(), refused);
      assertEquals(FlushResult.FLUSHED, staged.sync());
    }
    Path copy = root.resolve("copy");
    assertEquals(0102751, Files.getAttribute(copy, "unix:mode"));
    assertEquals(mtime, Files.getLastModifiedTime(copy).toInstant());
  }

  @Test
  void link_is_exclusive_and_can_be_retried_under_another_name() throws IOException {
    Files.writeString(root.resolve("taken"), "someone else's");
    try (PosixStagedFile staged =
        dir.stageBytes("mine".getBytes(UTF_8), 0644, StageOptions.named("p"))) {
      assertThrows(FileAlreadyExistsException.class, () -> staged.link("taken"));
      staged.link("free");
    }
    assertEquals("someone else's", Files.readString(root.resolve("taken")));
    assertEquals("mine", Files.readString(root.resolve("free")));
    assertEquals(
        "644",
        Integer.toOctalString(
            (Integer) Files.getAttribute(root.resolve("free"), "unix:mode") & 07777));
  }

  @Test
  void a_staged_file_never_named_leaves_nothing_behind() throws IOException {
    Files.writeString(root.resolve("src"), "data");
    Set<String> before = namesIn(root);

    dir.stageBytes(new byte[100], 0600, StageOptions.named("p")).close();
    dir.stageCopy("src", inspectFile("src"), hasher, StageOptions.named("p")).close();

    assertEquals(before, namesIn(root));
  }

  @Test
  void replace_puts_the_file_over_the_name_atomically_and_leaves_no_temporary() throws IOException {
    Files.writeString(root.resolve("target"), "old");
    Files.createSymbolicLink(root.resolve("link"), root.resolve("target"));
    try (PosixStagedFile staged =
        dir.stageBytes("new".getBytes(UTF_8), 0640, StageOptions.named("p"))) {
      staged.replace("target");
      staged.replace("link"); // a symlink is replaced itself, not followed
    }
    assertEquals("new", Files.readString(root.resolve("target")));
    assertTrue(Files.isRegularFile(root.resolve("link"), NOFOLLOW_LINKS));
    assertEquals(Set.of("link", "target"), namesIn(root));
  }

  @Test
  void replace_leaves_a_file_at_the_provisional_name_alone() throws IOException {
    Files.writeString(root.resolve("target"), "old");
    Files.writeString(root.resolve(".target.restore.tmp"), "someone else's");
    try (PosixStagedFile staged =
        dir.stageBytes("new".getBytes(UTF_8), 0600, StageOptions.named(".target.restore.tmp"))) {
      staged.replace("target");
    }
    assertEquals("new", Files.readString(root.resolve("target")));
    assertEquals("someone else's", Files.readString(root.resolve(".target.restore.tmp")));
    assertEquals(Set.of("target", ".target.restore.tmp"), namesIn(root));
  }

  @Test
  void replace_refuses_a_directory() throws IOException {
    Files.createDirectory(root.resolve("d"));
    try (PosixStagedFile staged = dir.stageBytes(new byte[1], 0600, StageOptions.named("p"))) {
      assertThrows(FileSystemException.class, () -> staged.replace("d"));
    }
    assertTrue(Files.isDirectory(root.resolve("d")));
    assertEquals(Set.of("d"), namesIn(root));
  }

  @Test
  void without_o_tmpfile_the_provisional_name_is_exclusive_and_removed_when_named_otherwise()
      throws IOException {
    try (PosixArtifactDirectory named = new PosixArtifactStore(false, false).open(root)) {
      Files.writeString(root.resolve("taken"), "x");
      assertThrows(
          FileAlreadyExistsException.class,
          () -> named.stageBytes(new byte[1], 0600, StageOptions.named("taken")));

      try (PosixStagedFile staged =
          named.stageBytes("a".getBytes(UTF_8), 0600, StageOptions.named("prov"))) {
        assertTrue(staged.hasProvisionalName());
        assertTrue(Files.exists(root.resolve("prov")));
        staged.link("final");
      }
      assertEquals(Set.of("taken", "final"), namesIn(root));

      try (PosixStagedFile staged =
          named.stageBytes("b".getBytes(UTF_8), 0600, StageOptions.named("same"))) {
        staged.link("same");
      }
      assertEquals("b", Files.readString(root.resolve("same")));

      named.stageBytes("c".getBytes(UTF_8), 0600, StageOptions.named("dropped")).close();
      assertEquals(Set.of("taken", "final", "same"), namesIn(root));
    }
  }

  @Test
  void a_sparse_copy_keeps_the_holes_and_hashes_the_zeros() throws Exception {
    Path source = root.resolve("sparse");
    long size = 64L * 1024 * 1024;
    byte[] data = Fixtures.randomBytes(8192, 7);
    try (FileChannel channel =
        FileChannel.open(source, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(data), 0);
      channel.write(ByteBuffer.wrap(data), 32L * 1024 * 1024);
      channel.write(ByteBuffer.wrap(new byte[] {0}), size - 1); // gives it its size: a hole
    }
    assumeTrue(
        Files.size(source) == size && blocks(source) < 1024,
        "the filesystem of " + root + " does not keep holes");

    try (PosixStagedFile staged =
        dir.stageCopy(
            "sparse", inspectFile("sparse"), hasher, new StageOptions("p", true, false))) {
      staged.link("copy");
      assertEquals(size, staged.copied().bytes());
      assertEquals(dir.hash("sparse", hasher), staged.copied().hash());
    }

    Path copy = root.resolve("copy");
    assertEquals(size, Files.size(copy));
    assertEquals(-1, Files.mismatch(source, copy));
    assertTrue(blocks(copy) < 1024, "copy has " + blocks(copy) + " blocks, should be sparse");
  }

  @Test
  void a_dense_copy_of_a_file_that_ends_in_a_hole_has_its_size() throws IOException {
    Path source = root.resolve("tail");
    try (FileChannel channel =
        FileChannel.open(source, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 0);
      channel.write(ByteBuffer.wrap(new byte[] {0}), 5 * 1024 * 1024 - 1);
    }
    for (boolean sparse : new boolean[] {true, false}) {
      String name = "copy-" + sparse;
      try (PosixStagedFile staged =
          dir.stageCopy("tail", inspectFile("tail"), hasher, new StageOptions("p", sparse, true))) {
        staged.link(name);
      }
      assertEquals(-1, Files.mismatch(source, root.resolve(name)));
    }
  }

  @Test
  void a_fifo_at_the_source_name_is_refused_without_blocking() throws Exception {
    Files.writeString(root.resolve("target"), "file");
    NodeState.RegularFile inspected = inspectFile("target");
    Files.delete(root.resolve("target"));
    Fixtures.mkfifo(root.resolve("target")); // swapped after the inspection

    FileSystemException refused =
        assertTimeoutPreemptively(
            NO_HANG,
            () ->
                assertThrows(
                    FileSystemException.class,
                    () -> dir.stageCopy("target", inspected, hasher, StageOptions.named("p"))));

    assertTrue(refused.getMessage().contains(root.resolve("target").toString()));
    assertTrue(refused.getMessage().contains("FIFO"), refused.getMessage());
    assertEquals(Set.of("target"), namesIn(root));
  }

  @Test
  void a_symlink_at_the_source_name_is_refused_not_followed() throws IOException {
    Files.writeString(root.resolve("secret"), "root only");
    Files.writeString(root.resolve("target"), "file");
    NodeState.RegularFile inspected = inspectFile("target");
    Files.delete(root.resolve("target"));
    Files.createSymbolicLink(root.resolve("target"), root.resolve("secret"));

    FileSystemException refused =
        assertThrows(
            FileSystemException.class,
            () -> dir.stageCopy("target", inspected, hasher, StageOptions.named("p")));

    assertTrue(refused.getMessage().contains("symlink"), refused.getMessage());
    assertTrue(refused.getMessage().contains(root.resolve("target").toString()));
    assertThrows(FileSystemException.class, () -> dir.readSmall("target", 100));
    assertThrows(FileSystemException.class, () -> dir.hash("target", hasher));
  }

  @Test
  void a_file_swapped_for_another_after_inspection_is_refused() throws IOException {
    Files.writeString(root.resolve("target"), "genuine");
    NodeState.RegularFile inspected = inspectFile("target");
    Files.writeString(root.resolve("other"), "forged!");
    Files.move(
        root.resolve("other"),
        root.resolve("target"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);

    FileSystemException refused =
        assertThrows(
            FileSystemException.class,
            () -> dir.stageCopy("target", inspected, hasher, StageOptions.named("p")));

    assertTrue(refused.getMessage().contains("replaced"), refused.getMessage());
  }

  @Test
  void the_held_directory_is_used_even_after_its_path_is_swapped_for_a_symlink()
      throws IOException {
    Path held = root.resolve("held");
    Path elsewhere = Files.createDirectory(root.resolve("elsewhere"));
    Files.createDirectory(held);
    try (PosixArtifactDirectory heldDir = new PosixArtifactStore().open(held)) {
      Files.move(held, root.resolve("moved"));
      Files.createSymbolicLink(held, elsewhere);

      try (PosixStagedFile staged =
          heldDir.stageBytes("x".getBytes(UTF_8), 0600, StageOptions.named("p"))) {
        staged.link("artifact");
      }
      heldDir.createSymlink("lnk", "dest");

      assertEquals(Set.of(), namesIn(elsewhere));
      assertEquals(Set.of("artifact", "lnk"), namesIn(root.resolve("moved")));
      assertEquals(Set.of("artifact", "lnk"), new TreeSet<>(heldDir.list()));
    }
  }

  @Test
  void read_small_returns_the_bytes_and_the_status_of_the_same_descriptor() throws IOException {
    Path file = Files.writeString(root.resolve("sidecar"), "{\"a\":1}");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

    SmallFile small = dir.readSmall("sidecar", 100);

    assertArrayEquals("{\"a\":1}".getBytes(UTF_8), small.bytes());
    assertEquals("100640", small.file().metadata().mode().toOctal());
    assertEquals(Files.getAttribute(file, "unix:uid"), small.file().metadata().uid());
    assertEquals(7, small.file().size());
    assertThrows(FileSystemException.class, () -> dir.readSmall("sidecar", 6));
    assertThrows(NoSuchFileException.class, () -> dir.readSmall("missing", 6));
  }

  @Test
  void hash_xattrs_and_mismatch_read_regular_files() throws IOException {
    byte[] bytes = Fixtures.randomBytes(600_000, 3);
    Files.write(root.resolve("a"), bytes);
    Files.write(root.resolve("b"), bytes);
    byte[] changed = bytes.clone();
    changed[300_001] ^= 1;
    Files.write(root.resolve("c"), changed);
    Files.write(root.resolve("prefix"), java.util.Arrays.copyOf(bytes, 1000));

    assertEquals(Fixtures.sha256(bytes), dir.hash("a", hasher));
    assertEquals(-1, dir.mismatch("a", "b"));
    assertEquals(300_001, dir.mismatch("a", "c"));
    assertEquals(1000, dir.mismatch("a", "prefix"));
    assertEquals(1000, dir.mismatch("prefix", "a"));
    assertTrue(dir.xattrs("a").names().stream().noneMatch(n -> n.startsWith("user.")));
    Files.createDirectory(root.resolve("d"));
    assertThrows(FileSystemException.class, () -> dir.hash("d", hasher));
  }

  @Test
  void rename_replaces_the_destination_and_delete_removes_files_and_links_not_directories()
      throws IOException {
    Files.writeString(root.resolve("a"), "A");
    Files.writeString(root.resolve("b"), "B");
    Files.createDirectory(root.resolve("d"));
    Files.createSymbolicLink(root.resolve("l"), root.resolve("a"));

    dir.rename("a", "b");
    assertEquals("A", Files.readString(root.resolve("b")));
    assertThrows(FileSystemException.class, () -> dir.rename("d", "e"));

    assertTrue(dir.delete("l"));
    assertTrue(Files.exists(root.resolve("b")), "the link's target is kept");
    assertFalse(dir.delete("l"));
    assertThrows(FileSystemException.class, () -> dir.delete("d"));
    assertTrue(Files.isDirectory(root.resolve("d")));
    assertTrue(dir.delete("b"));
    assertEquals(Set.of("d"), namesIn(root));
    assertEquals(FlushResult.FLUSHED, dir.sync());
  }

  @Test
  void create_symlink_is_exclusive_and_keeps_the_destination_raw() throws IOException {
    dir.createSymlink("l", "../relative/dest");
    assertEquals(Path.of("../relative/dest"), Files.readSymbolicLink(root.resolve("l")));
    assertThrows(FileAlreadyExistsException.class, () -> dir.createSymlink("l", "x"));
  }

  @Test
  void names_that_are_not_one_component_are_refused() {
    for (String bad : new String[] {"", ".", "..", "a/b", "/abs"}) {
      assertThrows(IllegalArgumentException.class, () -> dir.inspect(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> dir.delete(bad), bad);
    }
  }

  @Test
  void concurrent_flush_of_several_files_flushes_them_all() throws IOException {
    List<PosixStagedFile> files = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 10; i++) {
        files.add(dir.stageBytes(new byte[] {(byte) i}, 0600, StageOptions.named("p" + i)));
      }
      assertEquals(FlushResult.FLUSHED, new PosixDurability().flushFiles(files));
    } finally {
      for (PosixStagedFile file : files) {
        file.close();
      }
    }
  }

  @Test
  void a_copy_hash_is_the_hash_of_the_bytes_written_to_the_copy() throws IOException {
    byte[] bytes = Fixtures.randomBytes(5 * 1024 * 1024, 11);
    Files.write(root.resolve("big"), bytes);
    ContentHash hash;
    try (PosixStagedFile staged =
        dir.stageCopy("big", inspectFile("big"), hasher, new StageOptions("p", false, true))) {
      staged.link("copy");
      hash = staged.copied().hash();
    }
    assertEquals(dir.hash("copy", hasher), hash);
    assertEquals(Fixtures.sha256(bytes), hash);
  }

  @Test
  void where_the_filesystem_shares_extents_the_copy_is_a_reflink_with_the_same_bytes_and_hash()
      throws IOException {
    byte[] bytes = Fixtures.randomBytes(2 * 1024 * 1024 + 5, 13);
    Files.write(root.resolve("src"), bytes);
    try (PosixStagedFile staged =
        dir.stageCopy("src", inspectFile("src"), hasher, StageOptions.named("p"))) {
      assumeTrue(
          staged.method() == FdCopy.Method.REFLINK,
          "the filesystem of "
              + root
              + " does not share extents (FICLONE refused): copied "
              + staged.method());
      staged.link("copy");
      assertEquals(Fixtures.sha256(bytes), staged.copied().hash());
    }
    assertArrayEquals(bytes, Files.readAllBytes(root.resolve("copy")));
    try (PosixStagedFile staged =
        dir.stageCopy(
            "src",
            inspectFile("src"),
            hasher,
            new StageOptions(
                "p", true, false))) { // sparse: the clone is hashed by its data regions
      assertEquals(FdCopy.Method.REFLINK, staged.method());
      assertEquals(Fixtures.sha256(bytes), staged.copied().hash());
      assertEquals(bytes.length, staged.copied().bytes());
    }
  }

  @Test
  void a_store_told_not_to_reflink_copies_the_bytes() throws IOException {
    Files.write(root.resolve("src"), Fixtures.randomBytes(70_000, 5));
    try (PosixArtifactDirectory plain = new PosixArtifactStore(true, false).open(root);
        PosixStagedFile staged =
            plain.stageCopy("src", inspectFile("src"), hasher, StageOptions.named("p"))) {
      assertEquals(FdCopy.Method.DENSE, staged.method());
    }
  }
}
