package io.backupsidecar.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.backupsidecar.domain.contract.NodeFixture;
import io.backupsidecar.domain.contract.NodeInspectorContract;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.port.NodeInspector;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The inspector contract on Jimfs with the unix view. Jimfs has no FIFOs, sockets or devices, and
 * its unix:mode carries no file type bits, so kinds come from the basic attributes there.
 */
class JimfsNodeInspectorTest extends NodeInspectorContract {

  private FileSystem fs;

  @Override
  protected NodeFixture createFixture() throws IOException {
    fs = Fixtures.jimfsUnix();
    return NioNodes.jimfs(Fixtures.jimfsRoot(fs));
  }

  @Override
  protected NodeInspector createInspector() {
    return new NioNodeInspector();
  }

  @AfterEach
  void closeFileSystem() throws IOException {
    fs.close();
  }

  @Test
  void a_backend_with_only_basic_attributes_reports_0644_and_unknown_owners() throws IOException {
    try (FileSystem basicOnly = Fixtures.jimfsWithViews("basic")) {
      Path file = Files.write(Fixtures.jimfsRoot(basicOnly).resolve("f"), new byte[3]);

      NodeState.RegularFile state =
          assertInstanceOf(NodeState.RegularFile.class, inspector.inspect(file));

      assertEquals("100644", state.metadata().mode().toOctal());
      assertNull(state.metadata().uid());
      assertNull(state.metadata().gid());
      assertEquals(3, state.size());
      assertEquals(java.util.List.of(), state.xattrNames());
      assertNotNull(state.fileKey());
    }
  }

  @Test
  void a_backend_with_posix_but_no_unix_view_reports_permissions_and_unknown_owners()
      throws IOException {
    try (FileSystem posixOnly = Fixtures.jimfsWithViews("basic", "owner", "posix")) {
      Path file = Files.write(Fixtures.jimfsRoot(posixOnly).resolve("f"), new byte[0]);
      Files.setPosixFilePermissions(
          file, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));

      NodeState.RegularFile state =
          assertInstanceOf(NodeState.RegularFile.class, inspector.inspect(file));

      assertEquals("100700", state.metadata().mode().toOctal());
      assertNull(state.metadata().uid());
    }
  }
}
