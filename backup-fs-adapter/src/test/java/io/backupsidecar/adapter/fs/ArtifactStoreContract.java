package io.backupsidecar.adapter.fs;

import static io.backupsidecar.adapter.fs.Fixtures.SHA256_ABC;
import static io.backupsidecar.adapter.fs.Fixtures.SHA256_EMPTY;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.FileMode;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.NodeState.FileMetadata;
import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.Hasher;
import io.backupsidecar.domain.port.NodeInspector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The promises of {@link ArtifactStore} that hold on every NIO backend with symlinks; a
 * subclass supplies a fresh root directory on its backend and may add backend-only tests.
 */
public abstract class ArtifactStoreContract {

  protected Path root;
  protected ArtifactStore store;
  protected NodeInspector inspector;
  protected Hasher hasher;

  /** A fresh, empty directory on the backend under test. */
  protected abstract Path createRoot() throws IOException;

  /** The store under test; the NIO store unless a subclass says otherwise. */
  protected ArtifactStore createStore() {
    return new NioArtifactStore();
  }

  /** Whether the backend has a {@code posix} view (permissions can be asserted). */
  protected boolean hasPosixPermissions() {
    return root.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** Whether user xattrs work on the backend under test. */
  protected abstract boolean userXattrsWork() throws IOException;

  @BeforeEach
  void setUpContract() throws IOException {
    root = createRoot();
    store = createStore();
    inspector = new NioNodeInspector(OptionalInt.empty());
    hasher = new Sha256Hasher();
  }

  protected Path file(String name, byte[] content) throws IOException {
    return Files.write(root.resolve(name), content);
  }

  protected NodeState.RegularFile inspectFile(Path path) throws IOException {
    return (NodeState.RegularFile) inspector.inspect(path);
  }

  protected String permissionsOf(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, NOFOLLOW_LINKS));
  }

  // ---- list

  @Test
  void list_returns_the_names_of_the_entries() throws IOException {
    file("a", new byte[0]);
    Files.createDirectory(root.resolve("sub"));
    Files.createSymbolicLink(root.resolve("link"), root.getFileSystem().getPath("nowhere"));

    List<String> names = store.list(root);

    assertEquals(3, names.size());
    assertEquals(java.util.Set.of("a", "sub", "link"), java.util.Set.copyOf(names));
  }

  @Test
  void list_of_a_missing_directory_throws_no_such_file() {
    assertThrows(NoSuchFileException.class, () -> store.list(root.resolve("missing")));
  }

  @Test
  void list_of_a_regular_file_throws_not_directory() throws IOException {
    Path file = file("a", new byte[0]);

    assertThrows(NotDirectoryException.class, () -> store.list(file));
  }

  @Test
  void list_resolves_a_symlinked_directory_like_every_other_path_operation()
      throws IOException {
    // /var/run -> /run: a target's directory reached through a symlink is still its directory
    Files.createDirectory(root.resolve("real"));
    Files.write(root.resolve("real").resolve("x"), new byte[0]);
    Path link = Files.createSymbolicLink(root.resolve("link"), root.resolve("real"));

    assertEquals(List.of("x"), store.list(link));
  }

  // ---- copyNew

  @Test
  void copy_new_copies_the_bytes_and_hashes_exactly_them() throws IOException {
    Path source = file("source", "abc".getBytes(UTF_8));
    Path destination = root.resolve("copy");

    Copied copied = store.copyNew(source, inspectFile(source), destination, hasher);

    assertArrayEquals("abc".getBytes(UTF_8), Files.readAllBytes(destination));
    assertEquals(3, copied.bytes());
    assertEquals(SHA256_ABC, copied.hash().hex());
  }

  @Test
  void copy_new_of_an_empty_file_hashes_no_bytes() throws IOException {
    Path source = file("empty", new byte[0]);
    Path destination = root.resolve("copy");

    Copied copied = store.copyNew(source, inspectFile(source), destination, hasher);

    assertEquals(0, Files.size(destination));
    assertEquals(0, copied.bytes());
    assertEquals(SHA256_EMPTY, copied.hash().hex());
  }

  @Test
  void copy_new_of_a_file_spanning_many_buffers_copies_and_hashes_every_byte()
      throws IOException {
    byte[] content = Fixtures.randomBytes(3 * 1024 * 1024 + 17, 42);
    Path source = file("big", content);
    Path destination = root.resolve("copy");

    Copied copied = store.copyNew(source, inspectFile(source), destination, hasher);

    assertArrayEquals(content, Files.readAllBytes(destination));
    assertEquals(content.length, copied.bytes());
    assertEquals(Fixtures.sha256(content), copied.hash());
    assertTrue(copied.hashNanos() >= 0);
  }

  @Test
  void copy_new_sparse_reads_back_the_same_bytes_and_hash_with_zero_runs_and_a_zero_tail()
      throws IOException {
    // data, 1 MiB of zeros (whole buffers: holes), data, then 600 KiB of zeros at the end
    byte[] content = new byte[3 * 1024 * 1024 + 5];
    byte[] data = Fixtures.randomBytes(700 * 1024, 7);
    System.arraycopy(data, 0, content, 0, data.length);
    System.arraycopy(data, 0, content, data.length + 1024 * 1024, data.length);
    Path source = file("sparse", content);
    Path destination = root.resolve("copy");

    Copied copied = store.copyNewSparse(source, inspectFile(source), destination, hasher);

    assertArrayEquals(content, Files.readAllBytes(destination));
    assertEquals(content.length, copied.bytes());
    assertEquals(Fixtures.sha256(content), copied.hash());
  }

  @Test
  void copy_new_sparse_of_only_zeros_keeps_the_size() throws IOException {
    byte[] content = new byte[2 * 1024 * 1024];
    Path source = file("zeros", content);
    Path destination = root.resolve("copy");

    Copied copied = store.copyNewSparse(source, inspectFile(source), destination, hasher);

    assertEquals(content.length, Files.size(destination));
    assertArrayEquals(content, Files.readAllBytes(destination));
    assertEquals(Fixtures.sha256(content), copied.hash());
  }

  @Test
  void copy_new_whose_hash_fails_midway_removes_the_destination_and_throws() throws IOException {
    Path source = file("big", Fixtures.randomBytes(4 * 1024 * 1024, 3));
    Path destination = root.resolve("copy");
    Hasher failing = () -> new Hasher.Session() {
      private long seen;

      @Override
      public void update(byte[] bytes, int offset, int length) {
        seen += length;
        if (seen > 1024 * 1024) {
          throw new IllegalStateException("digest broke");
        }
      }

      @Override
      public void update(ByteBuffer buffer) {
        update(new byte[buffer.remaining()], 0, buffer.remaining());
        buffer.position(buffer.limit());
      }

      @Override
      public ContentHash finish() {
        throw new AssertionError("a failed session is not finished");
      }
    };

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> store.copyNew(source, inspectFile(source), destination, failing));

    assertEquals("digest broke", e.getMessage());
    assertFalse(Files.exists(destination, NOFOLLOW_LINKS));
  }

  @Test
  void copy_new_creates_the_destination_private_and_leaves_mode_and_mtime_to_apply_metadata()
      throws IOException {
    Path source = file("source", "x".getBytes(UTF_8));
    if (hasPosixPermissions()) {
      Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.setLastModifiedTime(source, FileTime.from(Instant.parse("2001-02-03T04:05:06Z")));
    Path destination = root.resolve("copy");

    store.copyNew(source, inspectFile(source), destination, hasher);

    if (hasPosixPermissions()) {
      assertEquals("rw-------", permissionsOf(destination));
    }
    assertNotEquals(
        Instant.parse("2001-02-03T04:05:06Z"), Files.getLastModifiedTime(destination).toInstant());
  }

  @Test
  void copy_new_refuses_an_existing_destination_and_leaves_it_untouched() throws IOException {
    Path source = file("source", "new".getBytes(UTF_8));
    Path destination = file("taken", "old".getBytes(UTF_8));

    assertThrows(
        FileAlreadyExistsException.class,
        () -> store.copyNew(source, inspectFile(source), destination, hasher));

    assertArrayEquals("old".getBytes(UTF_8), Files.readAllBytes(destination));
  }

  @Test
  void copy_new_does_not_follow_a_dangling_symlink_at_the_destination() throws IOException {
    Path source = file("source", "new".getBytes(UTF_8));
    Path destination =
        Files.createSymbolicLink(root.resolve("link"), root.getFileSystem().getPath("victim"));

    assertThrows(
        FileAlreadyExistsException.class,
        () -> store.copyNew(source, inspectFile(source), destination, hasher));

    assertFalse(Files.exists(root.resolve("victim"), NOFOLLOW_LINKS));
  }

  @Test
  void copy_new_refuses_a_symlink_source_and_leaves_no_destination() throws IOException {
    Path real = file("real", "x".getBytes(UTF_8));
    NodeState.RegularFile expected = inspectFile(real);
    Path link = Files.createSymbolicLink(root.resolve("link"), real);
    Path destination = root.resolve("copy");

    assertThrows(
        FileSystemException.class, () -> store.copyNew(link, expected, destination, hasher));

    assertFalse(Files.exists(destination, NOFOLLOW_LINKS));
  }

  @Test
  void copy_new_refuses_a_source_whose_file_key_differs_and_leaves_no_destination()
      throws IOException {
    Path source = file("source", "x".getBytes(UTF_8));
    NodeState.RegularFile seen = inspectFile(source);
    NodeState.RegularFile other =
        new NodeState.RegularFile(seen.size(), seen.metadata(), seen.xattrNames(), "another");
    Path destination = root.resolve("copy");

    FileSystemException e =
        assertThrows(
            FileSystemException.class,
            () -> store.copyNew(source, other, destination, hasher));

    assertTrue(e.getMessage().contains("replaced"), e.getMessage());
    assertFalse(Files.exists(destination, NOFOLLOW_LINKS));
  }

  @Test
  void copy_new_notices_a_file_renamed_over_the_source_since_inspection() throws IOException {
    Path source = file("source", "original".getBytes(UTF_8));
    NodeState.RegularFile seen = inspectFile(source);
    // Created while the original still exists, so it cannot reuse the original's inode.
    Path impostor = file("impostor", "impostor".getBytes(UTF_8));
    Files.move(impostor, source, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path destination = root.resolve("copy");

    assertThrows(
        FileSystemException.class, () -> store.copyNew(source, seen, destination, hasher));

    assertFalse(Files.exists(destination, NOFOLLOW_LINKS));
  }

  @Test
  void copy_new_copies_user_extended_attributes() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        userXattrsWork(), "the backend's filesystem has no user xattrs (see subclass)");
    Path source = file("source", "x".getBytes(UTF_8));
    Files.getFileAttributeView(source, UserDefinedFileAttributeView.class)
        .write("backup.note", ByteBuffer.wrap("kept".getBytes(UTF_8)));
    Path destination = root.resolve("copy");

    store.copyNew(source, inspectFile(source), destination, hasher);

    UserDefinedFileAttributeView copied =
        Files.getFileAttributeView(destination, UserDefinedFileAttributeView.class);
    assertEquals(List.of("backup.note"), copied.list());
    ByteBuffer value = ByteBuffer.allocate(copied.size("backup.note"));
    copied.read("backup.note", value);
    assertEquals("kept", new String(value.array(), UTF_8));
  }

  // ---- mismatch

  @Test
  void mismatch_of_identical_files_is_minus_one_across_buffers() throws IOException {
    byte[] content = new byte[3 * 1024 * 1024 + 17];
    new java.util.Random(7).nextBytes(content);
    assertEquals(-1L, store.mismatch(file("a", content), file("b", content.clone())));
    assertEquals(-1L, store.mismatch(file("e1", new byte[0]), file("e2", new byte[0])));
  }

  @Test
  void mismatch_finds_the_first_differing_byte_even_in_a_later_buffer() throws IOException {
    byte[] content = new byte[2 * 1024 * 1024];
    byte[] changed = content.clone();
    changed[1_500_001] = 1;
    assertEquals(1_500_001L, store.mismatch(file("a", content), file("b", changed)));
  }

  @Test
  void mismatch_of_a_prefix_is_the_shorter_size() throws IOException {
    assertEquals(3L, store.mismatch(file("a", new byte[] {1, 2, 3}),
        file("b", new byte[] {1, 2, 3, 4})));
    assertEquals(0L, store.mismatch(file("c", new byte[0]), file("d", new byte[] {9})));
  }

  @Test
  void mismatch_refuses_a_symlink_instead_of_following_it() throws IOException {
    Path real = file("real", new byte[] {1});
    Path link = Files.createSymbolicLink(root.resolve("link"), real);
    assertThrows(java.nio.file.FileSystemException.class, () -> store.mismatch(real, link));
  }

  // ---- createSymlinkNew

  @Test
  void create_symlink_new_stores_a_relative_destination_as_given() throws IOException {
    Path link = root.resolve("link");

    store.createSymlinkNew(link, "../elsewhere/target.conf");

    assertEquals("../elsewhere/target.conf", Files.readSymbolicLink(link).toString());
    assertEquals(
        new NodeState.Symlink("../elsewhere/target.conf"), inspector.inspect(link));
  }

  @Test
  void create_symlink_new_refuses_an_existing_name() throws IOException {
    Path taken = file("taken", "old".getBytes(UTF_8));

    assertThrows(FileAlreadyExistsException.class, () -> store.createSymlinkNew(taken, "x"));

    assertTrue(Files.isRegularFile(taken, NOFOLLOW_LINKS));
  }

  // ---- createEmptyNew and writeNew

  @Test
  void create_empty_new_creates_a_private_empty_file() throws IOException {
    Path tombstone = root.resolve("tombstone");

    store.createEmptyNew(tombstone);

    assertEquals(0, Files.size(tombstone));
    if (hasPosixPermissions()) {
      assertEquals("rw-------", permissionsOf(tombstone));
    }
  }

  @Test
  void create_empty_new_refuses_an_existing_name_and_keeps_its_content() throws IOException {
    Path taken = file("taken", "old".getBytes(UTF_8));

    assertThrows(FileAlreadyExistsException.class, () -> store.createEmptyNew(taken));

    assertArrayEquals("old".getBytes(UTF_8), Files.readAllBytes(taken));
  }

  @Test
  void write_new_writes_the_bytes_with_the_given_permissions() throws IOException {
    Path sidecar = root.resolve("sidecar.json");

    store.writeNew(sidecar, "{}".getBytes(UTF_8), 0640);

    assertArrayEquals("{}".getBytes(UTF_8), Files.readAllBytes(sidecar));
    if (hasPosixPermissions()) {
      assertEquals("rw-r-----", permissionsOf(sidecar));
    }
  }

  @Test
  void write_new_refuses_an_existing_name_and_keeps_its_content() throws IOException {
    Path taken = file("taken", "old".getBytes(UTF_8));

    assertThrows(
        FileAlreadyExistsException.class,
        () -> store.writeNew(taken, "new".getBytes(UTF_8), 0644));

    assertArrayEquals("old".getBytes(UTF_8), Files.readAllBytes(taken));
  }

  // ---- readSmall

  @Test
  void read_small_reads_a_file_of_exactly_the_limit() throws IOException {
    Path file = file("sidecar", "0123456789".getBytes(UTF_8));

    assertArrayEquals("0123456789".getBytes(UTF_8), store.readSmall(file, 10));
  }

  @Test
  void read_small_refuses_a_file_longer_than_the_limit() throws IOException {
    Path file = file("sidecar", "0123456789".getBytes(UTF_8));

    FileSystemException e =
        assertThrows(FileSystemException.class, () -> store.readSmall(file, 9));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void read_small_refuses_a_symlink_to_a_regular_file() throws IOException {
    Path real = file("real", "secret".getBytes(UTF_8));
    Path link = Files.createSymbolicLink(root.resolve("link"), real);

    assertThrows(FileSystemException.class, () -> store.readSmall(link, 100));
  }

  @Test
  void read_small_refuses_a_directory() throws IOException {
    Path dir = Files.createDirectory(root.resolve("dir"));

    assertThrows(FileSystemException.class, () -> store.readSmall(dir, 100));
  }

  @Test
  void read_small_of_a_missing_file_throws_no_such_file() {
    assertThrows(NoSuchFileException.class, () -> store.readSmall(root.resolve("gone"), 100));
  }

  // ---- hash

  @Test
  void hash_of_abc_is_the_published_sha256() throws IOException {
    Path file = file("abc", "abc".getBytes(UTF_8));

    assertEquals(new ContentHash(SHA256_ABC), store.hash(file, hasher));
  }

  @Test
  void hash_of_a_file_spanning_many_buffers_covers_every_byte() throws IOException {
    byte[] content = Fixtures.randomBytes(3 * 1024 * 1024 + 17, 7);
    Path file = file("big", content);

    assertEquals(Fixtures.sha256(content), store.hash(file, hasher));
  }

  @Test
  void hash_refuses_a_symlink() throws IOException {
    Path real = file("real", "abc".getBytes(UTF_8));
    Path link = Files.createSymbolicLink(root.resolve("link"), real);

    assertThrows(FileSystemException.class, () -> store.hash(link, hasher));
  }

  // ---- applyMetadata

  @Test
  void apply_metadata_sets_the_permissions_and_the_mtime() throws IOException {
    Path file = file("payload", "x".getBytes(UTF_8));
    Instant mtime = Instant.parse("2001-02-03T04:05:06Z");

    store.applyMetadata(file, new FileMetadata(FileMode.regular(0640), null, null, mtime));

    assertEquals(mtime, Files.getLastModifiedTime(file, NOFOLLOW_LINKS).toInstant());
    if (hasPosixPermissions()) {
      assertEquals("rw-r-----", permissionsOf(file));
    }
  }

  @Test
  void apply_metadata_with_the_current_owner_changes_only_the_rest() throws IOException {
    Path file = file("payload", "x".getBytes(UTF_8));
    FileMetadata current = inspectFile(file).metadata();

    store.applyMetadata(
        file, new FileMetadata(FileMode.regular(0600), current.uid(), current.gid(), null));

    assertEquals(current.uid(), inspectFile(file).metadata().uid());
    assertEquals(current.gid(), inspectFile(file).metadata().gid());
  }

  @Test
  void apply_metadata_refuses_a_symlink_and_leaves_its_target_alone() throws IOException {
    Path real = file("real", "x".getBytes(UTF_8));
    String before = hasPosixPermissions() ? permissionsOf(real) : null;
    Path link = Files.createSymbolicLink(root.resolve("link"), real);

    assertThrows(
        FileSystemException.class,
        () ->
            store.applyMetadata(
                link, new FileMetadata(FileMode.regular(0777), null, null, Instant.EPOCH)));

    if (hasPosixPermissions()) {
      assertEquals(before, permissionsOf(real));
    }
    assertNotEquals(Instant.EPOCH, Files.getLastModifiedTime(real).toInstant());
  }

  // ---- moveAtomically

  @Test
  void move_atomically_replaces_an_existing_file() throws IOException {
    Path temp = file("temp", "new".getBytes(UTF_8));
    Path target = file("target", "old".getBytes(UTF_8));

    store.moveAtomically(temp, target);

    assertArrayEquals("new".getBytes(UTF_8), Files.readAllBytes(target));
    assertFalse(Files.exists(temp, NOFOLLOW_LINKS));
  }

  @Test
  void move_atomically_replaces_a_symlink_and_not_its_target() throws IOException {
    Path temp = file("temp", "new".getBytes(UTF_8));
    Path elsewhere = file("elsewhere", "untouched".getBytes(UTF_8));
    Path target = Files.createSymbolicLink(root.resolve("target"), elsewhere);

    store.moveAtomically(temp, target);

    assertTrue(Files.isRegularFile(target, NOFOLLOW_LINKS));
    assertArrayEquals("untouched".getBytes(UTF_8), Files.readAllBytes(elsewhere));
  }

  @Test
  void move_atomically_moves_a_symlink_as_a_link() throws IOException {
    Path temp = Files.createSymbolicLink(root.resolve("temp"), root.getFileSystem().getPath("d"));
    Path target = file("target", "old".getBytes(UTF_8));

    store.moveAtomically(temp, target);

    assertEquals("d", Files.readSymbolicLink(target).toString());
  }

  @Test
  void move_atomically_refuses_a_directory_destination() throws IOException {
    Path temp = file("temp", "new".getBytes(UTF_8));
    Path dir = Files.createDirectory(root.resolve("dir"));

    assertThrows(FileSystemException.class, () -> store.moveAtomically(temp, dir));

    assertTrue(Files.isDirectory(dir, NOFOLLOW_LINKS));
    assertTrue(Files.exists(temp, NOFOLLOW_LINKS));
  }

  // ---- deleteIfPresent

  @Test
  void delete_if_present_deletes_a_file_and_says_so() throws IOException {
    Path file = file("payload", "x".getBytes(UTF_8));

    assertTrue(store.deleteIfPresent(file));
    assertFalse(Files.exists(file, NOFOLLOW_LINKS));
  }

  @Test
  void delete_if_present_of_nothing_says_nothing_was_deleted() throws IOException {
    assertFalse(store.deleteIfPresent(root.resolve("gone")));
  }

  @Test
  void delete_if_present_deletes_a_symlink_and_leaves_its_target() throws IOException {
    Path real = file("real", "keep".getBytes(UTF_8));
    Path link = Files.createSymbolicLink(root.resolve("link"), real);

    assertTrue(store.deleteIfPresent(link));

    assertFalse(Files.exists(link, NOFOLLOW_LINKS));
    assertArrayEquals("keep".getBytes(UTF_8), Files.readAllBytes(real));
  }

  @Test
  void delete_if_present_refuses_a_directory_naming_it() throws IOException {
    Path dir = Files.createDirectory(root.resolve("dir"));

    FileSystemException e =
        assertThrows(FileSystemException.class, () -> store.deleteIfPresent(dir));

    assertEquals(dir.toString(), e.getFile());
    assertTrue(Files.isDirectory(dir));
  }
}
