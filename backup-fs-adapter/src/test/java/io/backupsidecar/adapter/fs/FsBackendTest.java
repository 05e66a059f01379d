package io.backupsidecar.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.model.NodeState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which backend is wired where: POSIX on Linux with Java 22+, NIO everywhere else. */
class FsBackendTest {

  @TempDir Path tempDir;

  private static boolean posixExpected() {
    return Runtime.version().feature() >= 22
        && System.getProperty("os.name").toLowerCase(Locale.ROOT).equals("linux");
  }

  @Test
  void the_default_filesystem_gets_posix_on_linux_from_java_22_and_nio_before() {
    FsBackend backend = FsBackend.forFileSystem(FileSystems.getDefault());

    assertEquals(posixExpected() ? "posix" : "nio", backend.name(), backend.toString());
    assertEquals(!posixExpected(), backend.fallbackReason().isPresent());
  }

  @Test
  void both_backends_see_a_regular_file_alike_including_its_file_key() throws IOException {
    Path file = Files.writeString(tempDir.resolve("f"), "hello");
    Files.setAttribute(file, "unix:mode", 06755);
    FsBackend chosen = FsBackend.forFileSystem(FileSystems.getDefault());

    NodeState viaChosen = chosen.nodeInspector().inspect(file);
    NodeState viaNio = new NioNodeInspector().inspect(file);

    assertInstanceOf(NodeState.RegularFile.class, viaChosen);
    assertEquals(viaNio, viaChosen);
  }

  @Test
  void the_process_uid_is_reported_on_the_default_filesystem() {
    OptionalInt uid = FsBackend.forFileSystem(FileSystems.getDefault()).processUid();

    assertTrue(uid.isPresent());
  }

  @Test
  void nio_on_the_default_filesystem_reports_the_real_uid_of_id_u() throws Exception {
    Process id = new ProcessBuilder("id", "-ru").start();
    id.waitFor(10, TimeUnit.SECONDS);
    int expected =
        Integer.parseInt(
            new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());

    assertEquals(OptionalInt.of(expected), FsBackend.nio(FileSystems.getDefault()).processUid());
  }

  @Test
  void a_filesystem_other_than_the_platform_one_has_no_process_uid() throws IOException {
    // Jimfs owners are synthetic: comparing them with the process uid would mean nothing
    try (FileSystem jimfs = Fixtures.jimfsUnix()) {
      assertEquals(OptionalInt.empty(), FsBackend.forFileSystem(jimfs).processUid());
    }
  }

  @Test
  void another_filesystem_gets_nio_and_says_why() throws IOException {
    try (FileSystem jimfs = Fixtures.jimfsUnix()) {
      FsBackend backend = FsBackend.forFileSystem(jimfs);

      assertEquals("nio", backend.name());
      assertTrue(
          backend.fallbackReason().orElseThrow().contains("not the default filesystem"),
          backend.toString());
    }
  }

  @Test
  void nio_can_be_forced_on_the_default_filesystem() {
    FsBackend backend = FsBackend.nio(FileSystems.getDefault());

    assertEquals("nio", backend.name());
    assertInstanceOf(NioArtifactStore.class, backend.artifactStore());
  }
}
