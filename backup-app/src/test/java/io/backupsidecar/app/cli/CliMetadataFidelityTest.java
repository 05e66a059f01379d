package io.backupsidecar.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.backupsidecar.adapter.fs.FsBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole prior state through the command line, as {@code cp -a} keeps it: setuid and setgid,
 * owner, mtime, a file capability, a POSIX ACL, {@code trusted.*} and {@code user.*} attributes
 * survive snapshot + restore; a tampered attribute on the payload is caught by verify (75) and
 * refused by restore (70). Needs root (chown, capabilities, {@code trusted.*}) and the POSIX
 * backend (Java 22+ on Linux): the portable backend sees only {@code user.*}.
 */
class CliMetadataFidelityTest {
  @TempDir Path dir;

  @BeforeAll
  static void rootAndPosix() throws Exception {
    assumeTrue(effectiveUid() == 0, "needs root: chown, file capabilities and trusted.* xattrs");
    String backend = FsBackend.forFileSystem(FileSystems.getDefault()).name();
    assumeTrue(
        backend.equals("posix"),
        "needs the POSIX backend (Java 22+ on Linux), not "
            + FsBackend.forFileSystem(FileSystems.getDefault()));
    for (String[] tool :
        new String[][] {{"setcap", "libcap2-bin"}, {"setfacl", "acl"}, {"getfattr", "attr"}}) {
      if (sh("command -v " + tool[0]).exit != 0) {
        sh(
            "apt-get install -y -q "
                + tool[1]
                + " || (apt-get update -q && apt-get install -y -q "
                + tool[1]
                + ")");
      }
      assumeTrue(sh("command -v " + tool[0]).exit == 0, tool[0] + " could not be installed");
    }
  }

  private Path prepared() throws Exception {
    Path tool = Files.writeString(dir.resolve("ping"), "elf\n");
    String t = tool.toString();
    for (String command :
        List.of(
            "chown 1234:1234 " + t,
            "chmod 6755 " + t,
            "setcap cap_net_raw+ep " + t,
            "setfacl -m u:4321:r " + t,
            "setfattr -n trusted.origin -v debian " + t,
            "setfattr -n user.note -v kept " + t,
            "touch -d '2020-01-02 03:04:05' " + t)) {
      Shell run = sh(command);
      assumeTrue(
          run.exit == 0, command + " failed (filesystem without xattr support?): " + run.out);
    }
    return tool;
  }

  private static String state(Path file) throws Exception {
    return sh("getfattr -d -m - --absolute-names "
            + file
            + " && stat -c '%A %u:%g %Y %s' "
            + file
            + " && getcap "
            + file)
        .out;
  }

  @Test
  void capabilities_acls_trusted_and_user_attributes_survive_snapshot_and_restore()
      throws Exception {
    Path tool = prepared();
    String before = state(tool);
    assertTrue(
        before.contains("security.capability")
            && before.contains("trusted.origin")
            && before.contains("system.posix_acl_access"),
        before);

    assertEquals(0, CliHarness.run("snapshot", tool.toString()).exit());
    Files.writeString(tool, "changed\n");
    sh("chown 0:0 " + tool + " && chmod 0644 " + tool);
    CliHarness.Result restore = CliHarness.run("restore", "--no-capture", tool.toString());

    assertEquals(0, restore.exit(), restore::toString);
    assertTrue(restore.out().contains("integrity verified"), restore::toString);
    assertEquals(before, state(tool));
    assertEquals("elf\n", Files.readString(tool, StandardCharsets.UTF_8));
  }

  @Test
  void a_tampered_attribute_on_the_payload_is_damage_and_is_never_restored() throws Exception {
    Path tool = prepared();
    assertEquals(0, CliHarness.run("snapshot", tool.toString()).exit());
    Path payload;
    try (var names = Files.list(dir)) {
      payload =
          names.filter(p -> p.getFileName().toString().endsWith(".bak")).findFirst().orElseThrow();
    }
    assertEquals(0, sh("setfattr -n trusted.origin -v forged " + payload).exit);
    Files.writeString(tool, "changed\n");

    CliHarness.Result verify = CliHarness.run("verify", tool.toString());
    CliHarness.Result restore = CliHarness.run("restore", "--no-capture", tool.toString());

    assertEquals(75, verify.exit(), verify::toString);
    assertTrue(verify.out().contains("metadata"), verify::toString);
    assertEquals(70, restore.exit(), restore::toString);
    assertTrue(restore.err().startsWith("error E_RESTORE_FAILED: "), restore::toString);
    assertEquals("changed\n", Files.readString(tool), "the target was left as it was");
  }

  private record Shell(int exit, String out) {}

  private static Shell sh(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Shell(-1, out);
    }
    return new Shell(p.exitValue(), out);
  }

  private static int effectiveUid() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("Uid:")) {
        List<String> fields = new ArrayList<>(List.of(line.substring(4).trim().split("\\s+")));
        return Integer.parseInt(fields.get(1));
      }
    }
    return -1;
  }
}
