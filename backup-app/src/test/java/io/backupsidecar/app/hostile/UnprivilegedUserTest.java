package io.backupsidecar.app.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.app.hostile.Hostile.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line run as {@code nobody} (uid 65534, through {@code setpriv}) on files root owns: a
 * clear error naming the path, and nothing written.
 */
class UnprivilegedUserTest {
  private static String classPath;

  @TempDir static Path shared;
  @TempDir Path root;
  private Path dir;

  @BeforeAll
  static void copyClassPath() throws Exception {
    Hostile.assume(
        Hostile.onLinux() && Hostile.isRoot() && Hostile.commandExists("setpriv"),
        "UnprivilegedUserTest needs root (to drop to nobody) and setpriv (util-linux)");
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
    // nobody cannot read root's Maven repository: run from a world-readable copy
    classPath = Hostile.copyClassPath(Files.createDirectory(shared.resolve("cp")));
  }

  @BeforeEach
  void rootOwnedDirectory() throws Exception {
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    dir = Files.createDirectory(root.resolve("etc"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static Run asNobody(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
    cmd.addAll(Hostile.javaMain(classPath));
    cmd.addAll(List.of(args));
    return Hostile.exec(cmd, 60);
  }

  @Test
  void snapshot_of_a_private_root_file_fails_clearly_naming_the_path() throws Exception {
    Path secret = Files.writeString(dir.resolve("shadow"), "root only");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    Map<String, String> before = Hostile.fingerprint(root);

    Run run = asNobody("snapshot", secret.toString());

    assertEquals(62, run.exit(), run::toString);
    assertTrue(run.err().startsWith("error E_SNAPSHOT_FAILED: "), run::toString);
    assertTrue(run.err().contains(secret.toString()), run::toString);
    // the OS error in words, as cp says it, not a Java class name (issue 13)
    assertTrue(run.err().contains("Permission denied"), run::toString);
    assertTrue(!run.err().contains("Exception"), run::toString);
    assertEquals(before, Hostile.fingerprint(root), "nothing written");
  }

  @Test
  void restore_of_a_root_snapshot_over_a_file_nobody_may_write_fails_as_restore_failed()
      throws Exception {
    Path config = Files.writeString(dir.resolve("config"), "prior");
    assertEquals(0, Hostile.cli("snapshot", config.toString()).exit());
    Files.writeString(config, "current");
    Map<String, String> before = Hostile.fingerprint(root);

    Run withCapture = asNobody("restore", config.toString());
    Run withoutCapture = asNobody("restore", "--no-capture", config.toString());

    for (Run run : List.of(withCapture, withoutCapture)) {
      assertEquals(70, run.exit(), run::toString);
      assertTrue(run.err().startsWith("error E_RESTORE_FAILED: "), run::toString);
      assertTrue(run.err().contains(config.toString()), run::toString);
    }
    assertEquals("current", Files.readString(config));
    assertEquals(before, Hostile.fingerprint(root), "target untouched, nothing written");
  }
}
