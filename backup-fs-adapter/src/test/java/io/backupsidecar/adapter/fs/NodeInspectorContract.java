package io.backupsidecar.adapter.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.NodeState.Unsupported.Kind;
import io.backupsidecar.domain.port.NodeInspector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
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
 * The promises of {@link NodeInspector} on a NIO backend with posix permissions and symlinks;
 * a subclass supplies a fresh root directory on its backend.
 */
public abstract class NodeInspectorContract {

  protected Path root;
  protected NodeInspector inspector;

  /** A fresh, empty directory on the backend under test. */
  protected abstract Path createRoot() throws IOException;

  /** Whether user xattrs work on the backend under test. */
  protected abstract boolean userXattrsWork() throws IOException;

  @BeforeEach
  void setUpContract() throws IOException {
    root = createRoot();
    inspector = new NioNodeInspector(OptionalInt.empty());
  }

  @Test
  void a_regular_file_reports_size_mode_mtime_and_file_key() throws IOException {
    Path file = Files.write(root.resolve("f"), "hello".getBytes(UTF_8));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    Instant mtime = Instant.parse("2001-02-03T04:05:06Z");
    Files.setLastModifiedTime(file, FileTime.from(mtime));

    NodeState.RegularFile state = assertInstanceOf(NodeState.RegularFile.class, inspect(file));

    assertEquals(5, state.size());
    assertEquals("100640", state.metadata().mode().toOctal());
    assertEquals(mtime, state.metadata().mtime());
    assertEquals(
        String.valueOf(Files.readAttributes(file, "basic:fileKey").get("fileKey")),
        state.fileKey());
  }

  @Test
  void a_regular_file_reports_the_owner_and_group_of_the_unix_view() throws IOException {
    Path file = Files.write(root.resolve("f"), new byte[0]);
    assumeTrue(
        root.getFileSystem().supportedFileAttributeViews().contains("unix"),
        "numeric owners exist only where the backend has a unix view");

    NodeState.RegularFile state = assertInstanceOf(NodeState.RegularFile.class, inspect(file));

    assertEquals(Files.getAttribute(file, "unix:uid"), state.metadata().uid());
    assertEquals(Files.getAttribute(file, "unix:gid"), state.metadata().gid());
  }

  @Test
  void a_regular_file_reports_its_user_xattr_names() throws IOException {
    assumeTrue(userXattrsWork(), "the backend's filesystem has no user xattrs (see subclass)");
    Path file = Files.write(root.resolve("f"), new byte[0]);
    Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
        .write("origin", ByteBuffer.wrap(new byte[] {1}));

    NodeState.RegularFile state = assertInstanceOf(NodeState.RegularFile.class, inspect(file));

    assertEquals(List.of("origin"), state.xattrNames());
  }

  @Test
  void a_symlink_reports_its_raw_relative_destination_without_following_it() throws IOException {
    Files.write(root.resolve("real"), new byte[0]);
    Path link =
        Files.createSymbolicLink(root.resolve("link"), root.getFileSystem().getPath("./real"));

    assertEquals(new NodeState.Symlink("./real"), inspect(link));
  }

  @Test
  void a_dangling_symlink_is_a_symlink_not_absent() throws IOException {
    Path link =
        Files.createSymbolicLink(root.resolve("link"), root.getFileSystem().getPath("../gone"));

    assertEquals(new NodeState.Symlink("../gone"), inspect(link));
  }

  @Test
  void a_symlink_to_a_directory_is_a_symlink() throws IOException {
    Files.createDirectory(root.resolve("dir"));
    Path link = Files.createSymbolicLink(root.resolve("link"), root.resolve("dir"));

    assertInstanceOf(NodeState.Symlink.class, inspect(link));
  }

  @Test
  void nothing_at_the_path_is_absent() throws IOException {
    assertEquals(new NodeState.Absent(), inspect(root.resolve("gone")));
  }

  @Test
  void a_path_under_a_missing_parent_is_absent() throws IOException {
    assertEquals(new NodeState.Absent(), inspect(root.resolve("no/such/parent/file")));
  }

  @Test
  void a_directory_is_unsupported() throws IOException {
    Path dir = Files.createDirectory(root.resolve("dir"));

    assertEquals(new NodeState.Unsupported(Kind.DIRECTORY), inspect(dir));
  }

  @Test
  void inspecting_does_not_change_the_access_or_modification_time() throws IOException {
    Path file = Files.write(root.resolve("f"), "x".getBytes(UTF_8));
    FileTime old = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));
    Files.getFileAttributeView(file, java.nio.file.attribute.BasicFileAttributeView.class)
        .setTimes(old, old, null);

    inspect(file);

    assertEquals(old, Files.getLastModifiedTime(file, NOFOLLOW_LINKS));
    assertEquals(old, Files.getAttribute(file, "basic:lastAccessTime", NOFOLLOW_LINKS));
  }

  protected NodeState inspect(Path path) throws IOException {
    NodeState state = inspector.inspect(path);
    assertNotNull(state);
    return state;
  }
}
