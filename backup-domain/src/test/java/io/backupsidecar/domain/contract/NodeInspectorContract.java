package io.backupsidecar.domain.contract;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.NodeState.Unsupported.Kind;
import io.backupsidecar.domain.port.NodeInspector;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The promises of {@link NodeInspector} that every backend keeps. A subclass supplies the inspector
 * and a {@link NodeFixture} on the same backend; tests of what a backend cannot hold are skipped
 * where its fixture says so.
 */
public abstract class NodeInspectorContract {

  private static final Instant OLD = Instant.parse("2001-02-03T04:05:06Z");

  protected NodeFixture nodes;
  protected NodeInspector inspector;

  /** A fixture over a fresh, empty directory on the backend under test. */
  protected abstract NodeFixture createFixture() throws IOException;

  /** The inspector under test, on the same backend. */
  protected abstract NodeInspector createInspector();

  @BeforeEach
  void setUpContract() throws IOException {
    nodes = createFixture();
    inspector = createInspector();
  }

  protected NodeState inspect(String name) throws IOException {
    return inspect(nodes.directory().resolve(name));
  }

  protected NodeState inspect(Path path) throws IOException {
    NodeState state = inspector.inspect(path);
    assertNotNull(state);
    return state;
  }

  @Test
  void a_regular_file_reports_size_mode_and_mtime() throws IOException {
    nodes.file("f", "hello".getBytes(UTF_8), 0640);
    nodes.mtime("f", OLD);

    NodeState.RegularFile state = assertInstanceOf(NodeState.RegularFile.class, inspect("f"));

    assertEquals(5, state.size());
    assertEquals(nodes.permissions() ? "100640" : "100644", state.metadata().mode().toOctal());
    assertEquals(OLD, state.metadata().mtime());
  }

  @Test
  void a_regular_file_reports_a_file_key_that_changes_when_another_file_takes_its_name()
      throws IOException {
    nodes.file("f", new byte[] {1}, 0644);
    NodeState.RegularFile before = assertInstanceOf(NodeState.RegularFile.class, inspect("f"));
    NodeState.RegularFile again = assertInstanceOf(NodeState.RegularFile.class, inspect("f"));
    nodes.swap("f", new byte[] {2});

    NodeState.RegularFile after = assertInstanceOf(NodeState.RegularFile.class, inspect("f"));

    assertNotNull(before.fileKey());
    assertEquals(before.fileKey(), again.fileKey());
    assertNotEquals(before.fileKey(), after.fileKey());
  }

  @Test
  void a_regular_file_reports_its_owner_and_group() throws IOException {
    nodes.file("f", new byte[0], 0644);
    assumeTrue(nodes.uid("f") != null, "numeric owners exist only where the backend has them");

    NodeState.RegularFile state = assertInstanceOf(NodeState.RegularFile.class, inspect("f"));

    assertEquals(nodes.uid("f"), state.metadata().uid());
    assertEquals(nodes.gid("f"), state.metadata().gid());
  }

  @Test
  void a_regular_file_reports_its_user_xattr_names() throws IOException {
    assumeTrue(nodes.userXattrs(), "the backend's filesystem has no user xattrs");
    nodes.file("f", new byte[0], 0644);
    nodes.xattr("f", "user.origin", new byte[] {1});

    NodeState.RegularFile state = assertInstanceOf(NodeState.RegularFile.class, inspect("f"));

    // NIO names them without the namespace ("origin"), a descriptor backend with it.
    assertEquals(1, state.xattrNames().size(), state.xattrNames().toString());
    assertTrue(state.xattrNames().get(0).endsWith("origin"), state.xattrNames().toString());
  }

  @Test
  void a_symlink_reports_its_raw_relative_destination_without_following_it() throws IOException {
    nodes.file("real", new byte[0], 0644);
    nodes.symlink("link", "./real");

    assertEquals(new NodeState.Symlink("./real"), inspect("link"));
  }

  @Test
  void a_dangling_symlink_is_a_symlink_not_absent() throws IOException {
    nodes.symlink("link", "../gone");

    assertEquals(new NodeState.Symlink("../gone"), inspect("link"));
  }

  @Test
  void a_symlink_to_a_directory_is_a_symlink() throws IOException {
    nodes.subdirectory("dir");
    nodes.symlink("link", "dir");

    assertInstanceOf(NodeState.Symlink.class, inspect("link"));
  }

  @Test
  void nothing_at_the_path_is_absent() throws IOException {
    assertEquals(new NodeState.Absent(), inspect("gone"));
  }

  @Test
  void a_path_under_a_missing_parent_is_absent() throws IOException {
    assertEquals(new NodeState.Absent(), inspect(nodes.directory().resolve("no/such/parent/file")));
  }

  @Test
  void a_directory_is_unsupported() throws IOException {
    nodes.subdirectory("dir");

    assertEquals(new NodeState.Unsupported(Kind.DIRECTORY), inspect("dir"));
  }

  @Test
  void a_fifo_is_unsupported_and_is_not_opened() throws IOException {
    assumeTrue(nodes.fifos(), "the backend has no FIFOs");
    nodes.fifo("fifo");

    NodeState state = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> inspect("fifo"));

    assertEquals(new NodeState.Unsupported(Kind.FIFO), state);
  }

  @Test
  void the_full_mode_includes_setuid_setgid_and_sticky() throws IOException {
    assumeTrue(nodes.specialBits(), "the backend cannot store setuid, setgid and sticky");
    nodes.file("tool", new byte[0], 07755);

    NodeState.RegularFile state = assertInstanceOf(NodeState.RegularFile.class, inspect("tool"));

    assertEquals("107755", state.metadata().mode().toOctal());
  }

  @Test
  void inspecting_does_not_change_the_access_or_modification_time() throws IOException {
    nodes.file("f", "x".getBytes(UTF_8), 0644);
    nodes.mtime("f", OLD);
    nodes.atime("f", OLD);

    inspect("f");

    assertEquals(OLD, nodes.mtime("f"));
    assertEquals(OLD, nodes.atime("f"));
  }
}
