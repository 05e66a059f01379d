package io.backupsidecar.domain.contract;

import static io.backupsidecar.domain.contract.HasherContract.SHA256_ABC;
import static io.backupsidecar.domain.contract.HasherContract.SHA256_EMPTY;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.backupsidecar.domain.fakes.Sha256;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.ExtendedAttributes;
import io.backupsidecar.domain.model.FileMode;
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.NodeState.FileMetadata;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.ArtifactDirectory.SmallFile;
import io.backupsidecar.domain.port.ArtifactDirectory.StageOptions;
import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.Hasher;
import io.backupsidecar.domain.port.HeldFile;
import io.backupsidecar.domain.port.StagedFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The promises of {@link ArtifactStore}, {@link ArtifactDirectory} and {@link StagedFile} that
 * every backend keeps. A subclass supplies the store and a {@link NodeFixture} on the same backend;
 * tests of what a backend cannot hold (FIFOs, setuid, owners, xattrs) are skipped where its fixture
 * says so. Copies of more than 512 KiB take the pipelined path.
 */
public abstract class ArtifactStoreContract {

  private static final Duration NO_BLOCKING = Duration.ofSeconds(10);
  private static final Instant MTIME = Instant.parse("2001-02-03T04:05:06Z");

  protected NodeFixture nodes;
  protected ArtifactStore store;
  protected ArtifactDirectory dir;
  protected Hasher hasher;

  /** A fixture over a fresh, empty directory on the backend under test. */
  protected abstract NodeFixture createFixture() throws IOException;

  /** The store under test, on the same backend. */
  protected abstract ArtifactStore createStore();

  @BeforeEach
  void openContractDirectory() throws IOException {
    nodes = createFixture();
    store = createStore();
    hasher = new Sha256();
    dir = store.open(nodes.directory());
  }

  @AfterEach
  void closeContractDirectory() throws IOException {
    dir.close();
  }

  protected NodeState.RegularFile inspectFile(String name) throws IOException {
    return (NodeState.RegularFile) dir.inspect(name);
  }

  protected StagedFile stageCopy(String source, String provisional) throws IOException {
    return dir.stageCopy(source, inspectFile(source), hasher, StageOptions.named(provisional));
  }

  /** Copies {@code source} and links the copy as {@code name}; returns what was copied. */
  protected Copied copyAs(String source, String name, StageOptions options) throws IOException {
    try (StagedFile staged = dir.stageCopy(source, inspectFile(source), hasher, options)) {
      staged.link(name);
      return staged.copied();
    }
  }

  protected static FileMetadata metadata(int permissions, Instant mtime) {
    return new FileMetadata(FileMode.regular(permissions), null, null, mtime);
  }

  protected static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
  }

  /** Deterministic pseudo-random bytes. */
  protected static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private void assumeFifos() {
    assumeTrue(nodes.fifos(), "the backend has no FIFOs");
  }

  // ---- open and list

  @Test
  void open_of_a_missing_directory_throws_no_such_file() {
    assertThrows(NoSuchFileException.class, () -> store.open(nodes.directory().resolve("missing")));
  }

  @Test
  void open_of_a_regular_file_throws_not_directory() throws IOException {
    nodes.file("a", new byte[0], 0644);

    assertThrows(NotDirectoryException.class, () -> store.open(nodes.directory().resolve("a")));
  }

  @Test
  void open_resolves_a_symlinked_directory_like_the_os_does() throws IOException {
    // /var/run -> /run: a target's directory reached through a symlink is still its directory
    nodes.subdirectory("real");
    nodes.symlink("link", "real");
    try (ArtifactDirectory real = store.open(nodes.directory().resolve("real"))) {
      real.stageBytes(utf8("x"), 0644, StageOptions.named("x")).link("x");
    }

    try (ArtifactDirectory linked = store.open(nodes.directory().resolve("link"))) {
      assertEquals(List.of("x"), linked.list());
    }
  }

  @Test
  void list_returns_the_names_of_the_entries() throws IOException {
    nodes.file("a", new byte[0], 0644);
    nodes.subdirectory("sub");
    nodes.symlink("link", "nowhere");

    List<String> names = dir.list();

    assertEquals(3, names.size());
    assertEquals(Set.of("a", "sub", "link"), Set.copyOf(names));
  }

  @Test
  void inspect_reports_a_file_a_symlink_and_nothing_without_following() throws IOException {
    nodes.file("f", utf8("hello"), 0640);
    nodes.symlink("link", "../elsewhere");

    NodeState.RegularFile file = inspectFile("f");

    assertEquals(5, file.size());
    assertEquals(0640, file.metadata().mode().permissions());
    assertEquals(new NodeState.Symlink("../elsewhere"), dir.inspect("link"));
    assertEquals(new NodeState.Absent(), dir.inspect("gone"));
  }

  @Test
  void a_name_that_is_not_one_path_component_is_refused() {
    for (String bad : List.of("", ".", "..", "a/b")) {
      assertThrows(IllegalArgumentException.class, () -> dir.delete(bad), bad);
    }
  }

  // ---- stageCopy, then link

  @Test
  void a_copy_holds_the_bytes_and_hashes_exactly_them() throws IOException {
    nodes.file("source", utf8("abc"), 0644);

    Copied copied = copyAs("source", "copy", StageOptions.named("copy.tmp"));

    assertArrayEquals(utf8("abc"), nodes.bytes("copy"));
    assertEquals(3, copied.bytes());
    assertEquals(SHA256_ABC, copied.hash().hex());
  }

  @Test
  void a_copy_from_another_directory_of_the_store_is_made_here_with_the_source_xattrs()
      throws IOException {
    nodes.subdirectory("elsewhere");
    nodes.file("source", utf8("abc"), 0644);
    boolean xattrs = nodes.userXattrs();
    if (xattrs) {
      nodes.xattr("source", "user.origin", new byte[] {7});
    }
    NodeState.RegularFile expected = inspectFile("source");

    try (ArtifactDirectory other = store.open(nodes.directory().resolve("elsewhere"));
        StagedFile staged =
            other.stageCopyFrom(dir, "source", expected, hasher, StageOptions.named("copy.tmp"))) {
      assertEquals(SHA256_ABC, staged.copied().hash().hex());
      if (xattrs) {
        assertEquals(
            ExtendedAttributes.of(Map.of("user.origin", new byte[] {7})), staged.copied().xattrs());
      }
      staged.complete(metadata(0640, Instant.parse("2020-01-02T03:04:05Z")));
      staged.link("copy");
      assertEquals(List.of("copy"), other.list());
    }
    assertEquals(List.of("elsewhere", "source"), nodes.names().stream().sorted().toList());
  }

  @Test
  void a_copy_from_another_directory_refuses_a_fifo_there_without_blocking() throws IOException {
    assumeFifos();
    nodes.subdirectory("elsewhere");
    nodes.file("source", utf8("abc"), 0644);
    NodeState.RegularFile expected = inspectFile("source");
    nodes.delete("source");
    nodes.fifo("source");

    try (ArtifactDirectory other = store.open(nodes.directory().resolve("elsewhere"))) {
      assertTimeoutPreemptively(
          NO_BLOCKING,
          () ->
              assertThrows(
                  FileSystemException.class,
                  () ->
                      other.stageCopyFrom(
                          dir, "source", expected, hasher, StageOptions.named("copy.tmp"))));
      assertEquals(List.of(), other.list());
    }
  }

  @Test
  void a_copy_of_an_empty_file_hashes_no_bytes() throws IOException {
    nodes.file("empty", new byte[0], 0644);

    Copied copied = copyAs("empty", "copy", StageOptions.named("copy.tmp"));

    assertEquals(0, nodes.bytes("copy").length);
    assertEquals(0, copied.bytes());
    assertEquals(SHA256_EMPTY, copied.hash().hex());
  }

  @Test
  void a_copy_of_a_file_spanning_many_buffers_holds_and_hashes_every_byte() throws IOException {
    byte[] content = randomBytes(3 * 1024 * 1024 + 17, 42);
    nodes.file("big", content, 0644);

    Copied copied = copyAs("big", "copy", new StageOptions("copy", false, true));

    assertArrayEquals(content, nodes.bytes("copy"));
    assertEquals(content.length, copied.bytes());
    assertEquals(HasherContract.sha256(content), copied.hash());
    assertTrue(copied.hashNanos() >= 0);
  }

  @Test
  void a_sparse_copy_reads_back_the_same_bytes_and_hash_with_zero_runs_and_a_zero_tail()
      throws IOException {
    // data, 1 MiB of zeros (whole buffers: holes), data, then 600 KiB of zeros at the end
    byte[] content = new byte[3 * 1024 * 1024 + 5];
    byte[] data = randomBytes(700 * 1024, 7);
    System.arraycopy(data, 0, content, 0, data.length);
    System.arraycopy(data, 0, content, data.length + 1024 * 1024, data.length);
    nodes.file("sparse", content, 0644);

    Copied copied = copyAs("sparse", "copy", new StageOptions("copy", true, false));

    assertArrayEquals(content, nodes.bytes("copy"));
    assertEquals(content.length, copied.bytes());
    assertEquals(HasherContract.sha256(content), copied.hash());
  }

  @Test
  void a_sparse_copy_of_only_zeros_keeps_the_size() throws IOException {
    byte[] content = new byte[2 * 1024 * 1024];
    nodes.file("zeros", content, 0644);

    Copied copied = copyAs("zeros", "copy", new StageOptions("copy", true, true));

    assertArrayEquals(content, nodes.bytes("copy"));
    assertEquals(HasherContract.sha256(content), copied.hash());
  }

  @Test
  void a_copy_whose_hash_fails_midway_throws_and_leaves_no_file() throws IOException {
    nodes.file("big", randomBytes(4 * 1024 * 1024, 3), 0644);
    NodeState.RegularFile seen = inspectFile("big");
    Hasher failing =
        () ->
            new Hasher.Session() {
              private long seenBytes;

              @Override
              public void update(byte[] bytes, int offset, int length) {
                seenBytes += length;
                if (seenBytes > 1024 * 1024) {
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

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> dir.stageCopy("big", seen, failing, StageOptions.named("copy")));

    assertEquals("digest broke", e.getMessage());
    assertEquals(List.of("big"), nodes.names());
  }

  @Test
  void a_copy_is_private_and_has_neither_mode_nor_mtime_of_the_source_until_completed()
      throws IOException {
    nodes.file("source", utf8("x"), 0755);
    nodes.mtime("source", MTIME);

    copyAs("source", "copy", StageOptions.named("copy"));

    if (nodes.permissions()) {
      assertEquals(0600, nodes.mode("copy"));
    }
    assertNotEquals(MTIME, nodes.mtime("copy"));
  }

  @Test
  void a_copy_never_overwrites_a_taken_name() throws IOException {
    nodes.file("source", utf8("new"), 0644);
    nodes.file("taken", utf8("old"), 0644);

    // A backend that writes under the provisional name refuses it at once; one that writes an
    // unnamed file refuses the link.
    assertThrows(
        FileAlreadyExistsException.class,
        () -> copyAs("source", "taken", StageOptions.named("taken")));

    assertArrayEquals(utf8("old"), nodes.bytes("taken"));
    assertEquals(Set.of("source", "taken"), Set.copyOf(nodes.names()));
  }

  @Test
  void a_copy_does_not_follow_a_dangling_symlink_at_its_name() throws IOException {
    nodes.file("source", utf8("new"), 0644);
    nodes.symlink("link", "victim");

    assertThrows(
        FileAlreadyExistsException.class,
        () -> copyAs("source", "link", StageOptions.named("link")));

    assertFalse(nodes.exists("victim"));
    assertEquals("victim", nodes.symlinkDestination("link"));
  }

  @Test
  void a_copy_refuses_a_symlink_at_the_source_name_and_leaves_nothing() throws IOException {
    nodes.file("real", utf8("x"), 0644);
    NodeState.RegularFile expected = inspectFile("real");
    nodes.symlink("link", "real");

    assertThrows(
        FileSystemException.class,
        () -> dir.stageCopy("link", expected, hasher, StageOptions.named("copy")));

    assertEquals(Set.of("real", "link"), Set.copyOf(nodes.names()));
  }

  @Test
  void a_copy_refuses_a_source_whose_identity_differs_and_leaves_nothing() throws IOException {
    nodes.file("source", utf8("x"), 0644);
    NodeState.RegularFile seen = inspectFile("source");
    NodeState.RegularFile other =
        new NodeState.RegularFile(seen.size(), seen.metadata(), seen.xattrNames(), "another");

    FileSystemException e =
        assertThrows(
            FileSystemException.class,
            () -> dir.stageCopy("source", other, hasher, StageOptions.named("copy")));

    assertTrue(e.getMessage().contains("replaced"), e.getMessage());
    assertEquals(List.of("source"), nodes.names());
  }

  @Test
  void a_copy_refuses_a_file_renamed_over_the_source_since_inspection() throws IOException {
    nodes.file("source", utf8("original"), 0644);
    NodeState.RegularFile seen = inspectFile("source");
    nodes.swap("source", utf8("impostor"));

    assertThrows(
        FileSystemException.class,
        () -> dir.stageCopy("source", seen, hasher, StageOptions.named("copy")));

    assertEquals(List.of("source"), nodes.names());
  }

  @Test
  void a_copy_refuses_a_fifo_swapped_in_for_the_source_without_blocking() throws IOException {
    assumeFifos();
    nodes.file("source", utf8("x"), 0644);
    NodeState.RegularFile seen = inspectFile("source");
    nodes.delete("source");
    nodes.fifo("source");

    assertTimeoutPreemptively(
        NO_BLOCKING,
        () ->
            assertThrows(
                FileSystemException.class,
                () -> dir.stageCopy("source", seen, hasher, StageOptions.named("copy"))));

    assertEquals(List.of("source"), nodes.names());
  }

  @Test
  void a_copy_carries_the_user_xattrs_of_the_source_and_complete_applies_them() throws IOException {
    assumeTrue(nodes.userXattrs(), "the backend's filesystem has no user xattrs");
    nodes.file("source", utf8("x"), 0644);
    nodes.xattr("source", "user.backup.note", utf8("kept"));

    try (StagedFile staged = stageCopy("source", "copy")) {
      assertEquals(
          ExtendedAttributes.of(Map.of("user.backup.note", utf8("kept"))),
          staged.copied().xattrs());
      assertEquals(List.of(), staged.complete(metadata(0644, null)));
      staged.link("copy");
    }

    assertEquals(
        ExtendedAttributes.of(Map.of("user.backup.note", utf8("kept"))), nodes.xattrs("copy"));
  }

  // ---- link, replace, close

  @Test
  void link_names_the_file_and_leaves_no_other_name() throws IOException {
    nodes.file("source", utf8("abc"), 0644);

    try (StagedFile staged = stageCopy("source", "copy.tmp")) {
      assertFalse(nodes.exists("copy"));
      staged.link("copy");
    }

    assertEquals(Set.of("source", "copy"), Set.copyOf(nodes.names()));
    assertArrayEquals(utf8("abc"), nodes.bytes("copy"));
  }

  @Test
  void link_under_the_provisional_name_names_the_file_there() throws IOException {
    nodes.file("source", utf8("abc"), 0644);

    try (StagedFile staged = stageCopy("source", "copy")) {
      staged.link("copy");
    }

    assertEquals(Set.of("source", "copy"), Set.copyOf(nodes.names()));
  }

  @Test
  void link_to_a_taken_name_fails_leaves_it_and_another_name_can_be_tried() throws IOException {
    nodes.file("taken", utf8("old"), 0644);

    try (StagedFile staged = dir.stageBytes(utf8("new"), 0644, StageOptions.named("tmp"))) {
      assertThrows(FileAlreadyExistsException.class, () -> staged.link("taken"));
      staged.link("free");
    }

    assertArrayEquals(utf8("old"), nodes.bytes("taken"));
    assertArrayEquals(utf8("new"), nodes.bytes("free"));
    assertEquals(Set.of("taken", "free"), Set.copyOf(nodes.names()));
  }

  @Test
  void link_does_not_follow_a_dangling_symlink_at_the_name() throws IOException {
    nodes.symlink("link", "victim");

    try (StagedFile staged = dir.stageBytes(utf8("new"), 0644, StageOptions.named("tmp"))) {
      assertThrows(FileAlreadyExistsException.class, () -> staged.link("link"));
    }

    assertFalse(nodes.exists("victim"));
    assertEquals(List.of("link"), nodes.names());
  }

  @Test
  void replace_names_the_file_over_an_existing_file() throws IOException {
    nodes.file("target", utf8("old"), 0644);

    try (StagedFile staged = dir.stageBytes(utf8("new"), 0644, StageOptions.named("tmp"))) {
      staged.replace("target");
    }

    assertArrayEquals(utf8("new"), nodes.bytes("target"));
    assertEquals(List.of("target"), nodes.names());
  }

  @Test
  void replace_over_a_symlink_replaces_the_link_and_not_its_target() throws IOException {
    nodes.file("elsewhere", utf8("untouched"), 0644);
    nodes.symlink("target", "elsewhere");

    try (StagedFile staged = dir.stageBytes(utf8("new"), 0644, StageOptions.named("tmp"))) {
      staged.replace("target");
    }

    assertNull(nodes.symlinkDestination("target"));
    assertArrayEquals(utf8("new"), nodes.bytes("target"));
    assertArrayEquals(utf8("untouched"), nodes.bytes("elsewhere"));
  }

  @Test
  void replace_refuses_a_directory() throws IOException {
    nodes.subdirectory("target");

    try (StagedFile staged = dir.stageBytes(utf8("new"), 0644, StageOptions.named("tmp"))) {
      assertThrows(FileSystemException.class, () -> staged.replace("target"));
    }

    assertTrue(nodes.isDirectory("target"));
    assertEquals(List.of("target"), nodes.names());
  }

  @Test
  void closing_a_file_never_named_discards_it() throws IOException {
    nodes.file("source", utf8("abc"), 0644);

    stageCopy("source", "copy").close();
    dir.stageBytes(utf8("{}"), 0644, StageOptions.named("sidecar.tmp")).close();

    assertEquals(List.of("source"), nodes.names());
  }

  // ---- complete

  @Test
  void complete_sets_the_mode_and_the_mtime() throws IOException {
    nodes.file("source", utf8("x"), 0600);

    try (StagedFile staged = stageCopy("source", "copy")) {
      staged.complete(metadata(0640, MTIME));
      staged.link("copy");
    }

    assertEquals(MTIME, nodes.mtime("copy"));
    if (nodes.permissions()) {
      assertEquals(0640, nodes.mode("copy"));
    }
  }

  @Test
  void complete_with_a_mode_the_owner_cannot_read_still_sets_the_mtime() throws IOException {
    nodes.file("source", utf8("x"), 0600);

    try (StagedFile staged = stageCopy("source", "copy")) {
      staged.complete(metadata(0200, MTIME));
      staged.link("copy");
    }

    assertEquals(MTIME, nodes.mtime("copy"));
    if (nodes.permissions()) {
      assertEquals(0200, nodes.mode("copy"));
    }
  }

  @Test
  void complete_with_the_current_owner_changes_only_the_rest() throws IOException {
    nodes.file("source", utf8("x"), 0644);
    FileMetadata current = inspectFile("source").metadata();

    try (StagedFile staged = stageCopy("source", "copy")) {
      staged.complete(new FileMetadata(FileMode.regular(0600), current.uid(), current.gid(), null));
      staged.link("copy");
    }

    assertEquals(current.uid(), inspectFile("copy").metadata().uid());
    assertEquals(current.gid(), inspectFile("copy").metadata().gid());
  }

  @Test
  void complete_by_a_process_that_may_not_give_files_away_keeps_its_ownership_quietly()
      throws IOException {
    assumeFalse(nodes.chowns(), "here the process may give a file another owner");
    nodes.file("source", utf8("x"), 0644);
    Integer owner = nodes.uid("source");
    assumeTrue(owner != null, "numeric owners exist only where the backend has them");

    try (StagedFile staged = stageCopy("source", "copy")) {
      staged.complete(new FileMetadata(FileMode.regular(0640), owner + 4242, owner + 4242, MTIME));
      staged.link("copy");
    }

    assertEquals(owner, nodes.uid("copy"));
    assertEquals(MTIME, nodes.mtime("copy"));
    if (nodes.permissions()) {
      assertEquals(0640, nodes.mode("copy"));
    }
  }

  @Test
  void complete_keeps_setuid_after_giving_the_file_another_owner() throws IOException {
    // chown to another user needs CAP_CHOWN; an unprivileged run cannot show the ordering.
    assumeTrue(
        nodes.chowns() && nodes.specialBits(),
        "giving a file another owner needs root on a backend with owners and setuid");
    nodes.file("tool", utf8("#!/bin/sh\n"), 04755);

    try (StagedFile staged = stageCopy("tool", "copy")) {
      staged.complete(new FileMetadata(FileMode.regular(04755), 1234, 5678, MTIME));
      staged.link("copy");
    }

    NodeState.RegularFile copy = inspectFile("copy");
    assertEquals(04755, copy.metadata().mode().permissions());
    assertEquals(1234, copy.metadata().uid());
    assertEquals(5678, copy.metadata().gid());
    assertEquals(MTIME, copy.metadata().mtime());
  }

  @Test
  void complete_sets_setgid_and_sticky_bits() throws IOException {
    assumeTrue(nodes.specialBits(), "the backend cannot store setgid and sticky");
    nodes.file("payload", utf8("x"), 0644);

    try (StagedFile staged = stageCopy("payload", "copy")) {
      staged.complete(metadata(03750, null));
      staged.link("copy");
    }

    assertEquals(03750, nodes.mode("copy"));
  }

  @Test
  void an_inspected_setuid_mode_round_trips_through_copy_and_complete() throws IOException {
    assumeTrue(nodes.specialBits(), "the backend cannot store setuid");
    nodes.file("tool", utf8("x"), 06711);
    nodes.mtime("tool", MTIME);
    NodeState.RegularFile seen = inspectFile("tool");

    try (StagedFile staged = stageCopy("tool", "copy")) {
      staged.complete(seen.metadata());
      staged.link("copy");
    }

    assertEquals(seen.metadata(), inspectFile("copy").metadata());
  }

  // ---- stageBytes, createSymlink

  @Test
  void staged_bytes_are_written_with_their_permissions_and_appear_only_when_linked()
      throws IOException {
    try (StagedFile staged = dir.stageBytes(utf8("{}"), 0640, StageOptions.named("s.tmp"))) {
      assertFalse(nodes.exists("sidecar.json"));
      assertEquals(2, staged.copied().bytes());
      staged.link("sidecar.json");
    }

    assertArrayEquals(utf8("{}"), nodes.bytes("sidecar.json"));
    if (nodes.permissions()) {
      assertEquals(0640, nodes.mode("sidecar.json"));
    }
    assertEquals(List.of("sidecar.json"), nodes.names());
  }

  @Test
  void create_symlink_stores_a_relative_destination_as_given() throws IOException {
    dir.createSymlink("link", "../elsewhere/target.conf");

    assertEquals("../elsewhere/target.conf", nodes.symlinkDestination("link"));
    assertEquals(new NodeState.Symlink("../elsewhere/target.conf"), dir.inspect("link"));
  }

  @Test
  void create_symlink_refuses_an_existing_name() throws IOException {
    nodes.file("taken", utf8("old"), 0644);

    assertThrows(FileAlreadyExistsException.class, () -> dir.createSymlink("taken", "x"));

    assertArrayEquals(utf8("old"), nodes.bytes("taken"));
  }

  // ---- readSmall

  @Test
  void read_small_reads_a_file_of_exactly_the_limit_with_the_attributes_of_that_file()
      throws IOException {
    nodes.file("sidecar", utf8("0123456789"), 0640);

    SmallFile small = dir.readSmall("sidecar", 10);

    assertArrayEquals(utf8("0123456789"), small.bytes());
    assertEquals(10, small.file().size());
    assertEquals(inspectFile("sidecar").fileKey(), small.file().fileKey());
    assertEquals(nodes.uid("sidecar"), small.file().metadata().uid());
    if (nodes.permissions()) {
      assertEquals(0640, small.file().metadata().mode().permissions());
    }
  }

  @Test
  void read_small_refuses_a_file_longer_than_the_limit_naming_it() throws IOException {
    nodes.file("sidecar", utf8("0123456789"), 0644);

    FileSystemException e =
        assertThrows(FileSystemException.class, () -> dir.readSmall("sidecar", 9));
    assertTrue(e.getMessage().contains("sidecar"), e.getMessage());
  }

  @Test
  void read_small_refuses_a_symlink_to_a_regular_file() throws IOException {
    nodes.file("real", utf8("secret"), 0644);
    nodes.symlink("link", "real");

    assertThrows(FileSystemException.class, () -> dir.readSmall("link", 100));
  }

  @Test
  void read_small_refuses_a_directory() throws IOException {
    nodes.subdirectory("sub");

    assertThrows(FileSystemException.class, () -> dir.readSmall("sub", 100));
  }

  @Test
  void read_small_of_a_missing_file_throws_no_such_file() {
    assertThrows(NoSuchFileException.class, () -> dir.readSmall("gone", 100));
  }

  @Test
  void read_small_refuses_a_fifo_without_blocking() throws IOException {
    assumeFifos();
    nodes.fifo("fifo");

    assertTimeoutPreemptively(
        NO_BLOCKING,
        () -> assertThrows(FileSystemException.class, () -> dir.readSmall("fifo", 100)));
  }

  // ---- openRead

  @Test
  void open_read_streams_every_byte_and_can_seek_back() throws IOException {
    byte[] content = randomBytes(200 * 1024 + 3, 11);
    nodes.file("payload", content, 0600);

    try (java.nio.channels.SeekableByteChannel in = dir.openRead("payload")) {
      assertEquals(content.length, in.size());
      byte[] first = readAll(in);
      in.position(0);
      byte[] again = readAll(in);
      org.junit.jupiter.api.Assertions.assertArrayEquals(content, first);
      org.junit.jupiter.api.Assertions.assertArrayEquals(content, again);
    }
  }

  @Test
  void open_read_keeps_reading_the_file_it_opened_when_the_name_is_swapped() throws IOException {
    nodes.file("payload", utf8("original"), 0600);

    try (java.nio.channels.SeekableByteChannel in = dir.openRead("payload")) {
      nodes.swap("payload", utf8("attacker"));
      assertEquals("original", new String(readAll(in), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  void open_read_refuses_a_symlink_to_a_regular_file() throws IOException {
    nodes.file("real", utf8("secret"), 0600);
    nodes.symlink("link", "real");

    assertThrows(FileSystemException.class, () -> dir.openRead("link").close());
  }

  @Test
  void open_read_refuses_a_fifo_without_blocking() throws IOException {
    assumeFifos();
    nodes.fifo("fifo");

    assertTimeoutPreemptively(
        NO_BLOCKING, () -> assertThrows(FileSystemException.class, () -> dir.openRead("fifo")));
  }

  private static byte[] readAll(java.nio.channels.ReadableByteChannel in) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    while (in.read(buffer) >= 0) {
      out.write(buffer.array(), 0, buffer.position());
      buffer.clear();
    }
    return out.toByteArray();
  }

  // ---- hash and xattrs

  @Test
  void hash_of_abc_is_the_published_sha256() throws IOException {
    nodes.file("abc", utf8("abc"), 0644);

    assertEquals(new ContentHash(SHA256_ABC), dir.hash("abc", hasher));
  }

  @Test
  void hash_of_a_file_spanning_many_buffers_covers_every_byte() throws IOException {
    byte[] content = randomBytes(3 * 1024 * 1024 + 17, 7);
    nodes.file("big", content, 0644);

    assertEquals(HasherContract.sha256(content), dir.hash("big", hasher));
  }

  @Test
  void hash_refuses_a_symlink() throws IOException {
    nodes.file("real", utf8("abc"), 0644);
    nodes.symlink("link", "real");

    assertThrows(FileSystemException.class, () -> dir.hash("link", hasher));
  }

  @Test
  void hash_refuses_a_fifo_without_blocking() throws IOException {
    assumeFifos();
    nodes.fifo("fifo");

    assertTimeoutPreemptively(
        NO_BLOCKING, () -> assertThrows(FileSystemException.class, () -> dir.hash("fifo", hasher)));
  }

  @Test
  void xattrs_are_those_of_the_file_by_full_name() throws IOException {
    assumeTrue(nodes.userXattrs(), "the backend's filesystem has no user xattrs");
    nodes.file("f", utf8("x"), 0644);
    nodes.xattr("f", "user.origin", new byte[] {1, 2});

    assertEquals(ExtendedAttributes.of(Map.of("user.origin", new byte[] {1, 2})), dir.xattrs("f"));
  }

  @Test
  void xattrs_refuse_a_symlink() throws IOException {
    nodes.file("real", utf8("x"), 0644);
    nodes.symlink("link", "real");

    assertThrows(FileSystemException.class, () -> dir.xattrs("link"));
  }

  // ---- holdInPlace (a restore's capture without a copy; a backend may always decline)

  /** Holds {@code name} in place, or skips the clause where the backend copies captures. */
  private HeldFile held(String name) throws IOException {
    Optional<HeldFile> held = dir.holdInPlace(name, inspectFile(name), hasher);
    assumeTrue(held.isPresent(), "this backend captures by copy (holdInPlace declines)");
    return held.get();
  }

  @Test
  void a_file_held_in_place_is_hashed_and_linked_as_that_very_file() throws IOException {
    byte[] content = randomBytes(3 * 1024 * 1024 + 5, 11); // more than one buffer
    nodes.file("target", content, 0640);
    nodes.mtime("target", MTIME);
    NodeState.RegularFile before = inspectFile("target");

    try (HeldFile held = held("target")) {
      Copied copied = held.await();
      assertEquals(content.length, copied.bytes());
      Hasher.Session session = hasher.newSession();
      session.update(content, 0, content.length);
      assertEquals(session.finish(), copied.hash());
      assertEquals(copied, held.copied());
      held.link("capture");
    }
    nodes.swap("target", utf8("restored")); // the restore's rename over the target

    NodeState.RegularFile capture = inspectFile("capture");
    assertEquals(before.fileKey(), capture.fileKey(), "the capture is the inode held");
    assertArrayEquals(content, nodes.bytes("capture"));
    assertEquals(0640, nodes.mode("capture"));
    assertEquals(MTIME, nodes.mtime("capture"));
  }

  @Test
  void a_held_file_is_never_changed_nor_removed_by_its_handle() throws IOException {
    nodes.file("target", utf8("abc"), 0640);
    nodes.mtime("target", MTIME);

    try (HeldFile held = held("target")) {
      assertEquals(SHA256_ABC, held.await().hash().hex());
      assertEquals(List.of(), held.complete(metadata(0600, Instant.parse("2020-01-01T00:00:00Z"))));
      assertThrows(UnsupportedOperationException.class, () -> held.replace("other"));
    }

    assertEquals(List.of("target"), nodes.names());
    assertArrayEquals(utf8("abc"), nodes.bytes("target"));
    assertEquals(0640, nodes.mode("target"));
    assertEquals(MTIME, nodes.mtime("target"));
  }

  @Test
  void a_held_file_is_named_exclusively() throws IOException {
    nodes.file("target", utf8("abc"), 0644);
    nodes.file("taken", utf8("other"), 0644);

    try (HeldFile held = held("target")) {
      held.await();
      assertThrows(FileAlreadyExistsException.class, () -> held.link("taken"));
      held.link("free");
    }
    assertArrayEquals(utf8("other"), nodes.bytes("taken"));
    assertArrayEquals(utf8("abc"), nodes.bytes("free"));
  }

  @Test
  void a_file_replaced_since_it_was_inspected_is_not_held() throws IOException {
    nodes.file("probe", utf8("p"), 0644);
    held("probe").close();
    nodes.file("target", utf8("abc"), 0644);
    NodeState.RegularFile expected = inspectFile("target");
    nodes.swap("target", utf8("planted"));

    assertThrows(FileSystemException.class, () -> dir.holdInPlace("target", expected, hasher));
  }

  @Test
  void holding_a_fifo_put_in_place_of_the_file_never_blocks() throws IOException {
    assumeFifos();
    nodes.file("probe", utf8("p"), 0644);
    held("probe").close();
    nodes.file("target", utf8("abc"), 0644);
    NodeState.RegularFile expected = inspectFile("target");
    nodes.delete("target");
    nodes.fifo("target");

    assertTimeoutPreemptively(
        NO_BLOCKING,
        () ->
            assertThrows(
                FileSystemException.class, () -> dir.holdInPlace("target", expected, hasher)));
  }

  // ---- mismatch

  @Test
  void mismatch_of_identical_files_is_minus_one_across_buffers() throws IOException {
    byte[] content = randomBytes(3 * 1024 * 1024 + 17, 7);
    nodes.file("a", content, 0644);
    nodes.file("b", content.clone(), 0644);
    nodes.file("e1", new byte[0], 0644);
    nodes.file("e2", new byte[0], 0644);

    assertEquals(-1L, dir.mismatch("a", "b"));
    assertEquals(-1L, dir.mismatch("e1", "e2"));
  }

  @Test
  void mismatch_finds_the_first_differing_byte_even_in_a_later_buffer() throws IOException {
    byte[] content = new byte[2 * 1024 * 1024];
    byte[] changed = content.clone();
    changed[1_500_001] = 1;
    nodes.file("a", content, 0644);
    nodes.file("b", changed, 0644);

    assertEquals(1_500_001L, dir.mismatch("a", "b"));
  }

  @Test
  void mismatch_of_a_prefix_is_the_shorter_size() throws IOException {
    nodes.file("a", new byte[] {1, 2, 3}, 0644);
    nodes.file("b", new byte[] {1, 2, 3, 4}, 0644);
    nodes.file("c", new byte[0], 0644);
    nodes.file("d", new byte[] {9}, 0644);

    assertEquals(3L, dir.mismatch("a", "b"));
    assertEquals(0L, dir.mismatch("c", "d"));
  }

  @Test
  void mismatch_refuses_a_symlink_instead_of_following_it() throws IOException {
    nodes.file("real", new byte[] {1}, 0644);
    nodes.symlink("link", "real");

    assertThrows(FileSystemException.class, () -> dir.mismatch("real", "link"));
  }

  @Test
  void mismatch_refuses_a_fifo_without_blocking() throws IOException {
    assumeFifos();
    nodes.file("f", new byte[] {1}, 0644);
    nodes.fifo("fifo");

    assertTimeoutPreemptively(
        NO_BLOCKING,
        () -> assertThrows(FileSystemException.class, () -> dir.mismatch("f", "fifo")));
  }

  // ---- rename

  @Test
  void rename_replaces_an_existing_file() throws IOException {
    nodes.file("temp", utf8("new"), 0644);
    nodes.file("target", utf8("old"), 0644);

    dir.rename("temp", "target");

    assertArrayEquals(utf8("new"), nodes.bytes("target"));
    assertEquals(List.of("target"), nodes.names());
  }

  @Test
  void rename_replaces_a_symlink_and_not_its_target() throws IOException {
    nodes.file("temp", utf8("new"), 0644);
    nodes.file("elsewhere", utf8("untouched"), 0644);
    nodes.symlink("target", "elsewhere");

    dir.rename("temp", "target");

    assertNull(nodes.symlinkDestination("target"));
    assertArrayEquals(utf8("untouched"), nodes.bytes("elsewhere"));
  }

  @Test
  void rename_moves_a_symlink_as_a_link() throws IOException {
    nodes.symlink("temp", "d");
    nodes.file("target", utf8("old"), 0644);

    dir.rename("temp", "target");

    assertEquals("d", nodes.symlinkDestination("target"));
  }

  @Test
  void rename_refuses_a_directory_destination() throws IOException {
    nodes.file("temp", utf8("new"), 0644);
    nodes.subdirectory("sub");

    assertThrows(FileSystemException.class, () -> dir.rename("temp", "sub"));

    assertTrue(nodes.isDirectory("sub"));
    assertTrue(nodes.exists("temp"));
  }

  // ---- delete

  @Test
  void delete_deletes_a_file_and_says_so() throws IOException {
    nodes.file("payload", utf8("x"), 0644);

    assertTrue(dir.delete("payload"));
    assertFalse(nodes.exists("payload"));
  }

  @Test
  void delete_of_nothing_says_nothing_was_deleted() throws IOException {
    assertFalse(dir.delete("gone"));
  }

  @Test
  void delete_deletes_a_symlink_and_leaves_its_target() throws IOException {
    nodes.file("real", utf8("keep"), 0644);
    nodes.symlink("link", "real");

    assertTrue(dir.delete("link"));

    assertFalse(nodes.exists("link"));
    assertArrayEquals(utf8("keep"), nodes.bytes("real"));
  }

  @Test
  void delete_refuses_a_directory_naming_it() throws IOException {
    nodes.subdirectory("sub");

    FileSystemException e = assertThrows(FileSystemException.class, () -> dir.delete("sub"));

    assertTrue(e.getFile().endsWith("sub"), e.getFile());
    assertTrue(nodes.isDirectory("sub"));
  }

  @Test
  void delete_removes_a_fifo_without_opening_it() throws IOException {
    assumeFifos();
    nodes.fifo("fifo");

    assertTimeoutPreemptively(NO_BLOCKING, () -> assertTrue(dir.delete("fifo")));
    assertEquals(List.of(), nodes.names());
  }

  // ---- sync

  @Test
  void sync_of_a_file_and_of_the_directory_say_whether_they_reached_storage() throws IOException {
    FlushResult expected = nodes.flushes() ? FlushResult.FLUSHED : FlushResult.NOT_SUPPORTED;
    try (StagedFile staged = dir.stageBytes(utf8("{}"), 0644, StageOptions.named("s"))) {
      if (nodes.flushes()) {
        assertEquals(expected, staged.sync());
      }
      staged.link("s");
    }

    assertEquals(expected, dir.sync());
  }
}
