package io.backupsidecar.adapter.fs.posix;

import static io.backupsidecar.adapter.fs.posix.PosixTestSupport.assumeRoot;
import static io.backupsidecar.adapter.fs.posix.PosixTestSupport.check;
import static io.backupsidecar.adapter.fs.posix.PosixTestSupport.requireTool;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.backupsidecar.adapter.fs.Sha256Hasher;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.port.ArtifactDirectory.StageOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole prior state survives a copy: owner, setuid and setgid, a file capability, a POSIX ACL,
 * {@code trusted.*} and {@code user.*} xattrs and the mtime, compared by the tools an administrator
 * would use ({@code stat}, {@code getcap}, {@code getfacl}, {@code getfattr}).
 */
class MetadataFidelityTest {

  @TempDir Path root;

  private final Sha256Hasher hasher = new Sha256Hasher();

  @BeforeEach
  void tools() throws Exception {
    requireTool("setcap", "libcap2-bin");
    requireTool("getcap", "libcap2-bin");
    requireTool("setfacl", "acl");
    requireTool("getfacl", "acl");
    requireTool("setfattr", "attr");
    requireTool("getfattr", "attr");
  }

  /** What the tools say about a file, without its name. */
  private static String describe(Path file) throws Exception {
    String f = file.toString();
    String stat = check("stat", "-c", "mode=%a owner=%u:%g size=%s mtime=%Y", f);
    String caps = check("getcap", f).replace(f, "").trim();
    String acl = check("getfacl", "--omit-header", "--absolute-names", f);
    String xattrs =
        check("getfattr", "--absolute-names", "-d", "-m", "-", "-e", "hex", f)
            .lines()
            .filter(line -> !line.startsWith("# file:"))
            .collect(Collectors.joining("\n"));
    return stat + "caps=" + caps + "\nacl:\n" + acl + "xattrs:\n" + xattrs + "\n";
  }

  private static Path makeRichFile(Path file) throws Exception {
    Files.write(file, "#!/bin/sh\necho tool\n".getBytes(UTF_8));
    String f = file.toString();
    check("chown", "1234:1234", f);
    check("chmod", "6755", f); // after chown, which clears setuid and setgid
    check("setcap", "cap_net_raw+ep", f);
    check("setfacl", "-m", "u:1234:r", f);
    check("setfattr", "-n", "trusted.x", "-v", "trusted-value", f);
    check("setfattr", "-n", "user.y", "-v", "user-value", f);
    check("touch", "-d", "2001-02-03 04:05:06", f);
    return file;
  }

  @Test
  void as_root_a_copy_keeps_owner_special_bits_capability_acl_xattrs_and_mtime() throws Exception {
    assumeRoot("only root can give a file another owner, a capability and trusted.* xattrs");
    Path source = makeRichFile(root.resolve("tool"));
    String expected = describe(source);
    // the fixture really has what the test claims to keep
    assertTrue(expected.contains("mode=6755 owner=1234:1234"), expected);
    assertTrue(expected.contains("cap_net_raw=ep"), expected);
    assertTrue(expected.contains("user:1234:r--"), expected);
    assertTrue(expected.contains("trusted.x=") && expected.contains("user.y="), expected);

    List<String> refused;
    try (PosixArtifactDirectory dir = new PosixArtifactStore().open(root)) {
      NodeState.RegularFile state = (NodeState.RegularFile) dir.inspect("tool");
      try (PosixStagedFile staged =
          dir.stageCopy("tool", state, hasher, StageOptions.named(".tool.bak"))) {
        refused = staged.complete(state.metadata());
        staged.sync();
        staged.link(".tool.bak");
      }
      // and back, over a changed target, as a restore does
      Files.writeString(source, "changed");
      NodeState.RegularFile payload = (NodeState.RegularFile) dir.inspect(".tool.bak");
      try (PosixStagedFile staged =
          dir.stageCopy(".tool.bak", payload, hasher, StageOptions.named(".tool.restore"))) {
        assertEquals(List.of(), staged.complete(payload.metadata()));
        staged.sync();
        staged.replace("tool");
      }
    }

    assertEquals(List.of(), refused);
    assertEquals(expected, describe(root.resolve(".tool.bak")));
    assertEquals(expected, describe(source));
  }

  @Test
  void without_o_tmpfile_the_named_fallback_keeps_the_same_metadata() throws Exception {
    assumeRoot("only root can give a file another owner, a capability and trusted.* xattrs");
    Path source = makeRichFile(root.resolve("tool"));
    String expected = describe(source);

    try (PosixArtifactDirectory dir = new PosixArtifactStore(false, false).open(root)) {
      NodeState.RegularFile state = (NodeState.RegularFile) dir.inspect("tool");
      try (PosixStagedFile staged =
          dir.stageCopy("tool", state, hasher, StageOptions.named("copy"))) {
        assertTrue(staged.hasProvisionalName());
        assertEquals(List.of(), staged.complete(state.metadata()));
        staged.link("copy");
      }
    }

    assertEquals(expected, describe(root.resolve("copy")));
  }

  /**
   * As an unprivileged user (a child JVM dropped to {@code nobody} by {@code setpriv}), a copy of a
   * root-owned file with a capability keeps its {@code user.*} xattr, keeps the caller as owner,
   * and {@code complete} returns the capability it could not apply.
   */
  @Test
  void as_an_unprivileged_user_user_xattrs_are_kept_and_what_cannot_be_applied_is_returned()
      throws Exception {
    assumeRoot("the test drops to nobody with setpriv, which only root can do");
    requireTool("setpriv", "util-linux");
    List<String> classPath = new ArrayList<>();
    for (Class<?> type :
        List.of(NonRootCopy.class, PosixBackend.class, Sha256Hasher.class, NodeState.class)) {
      classPath.add(
          Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    }
    for (String entry : classPath) {
      assumeTrue(readableByAll(Path.of(entry)), entry + " is not readable by nobody");
    }
    Path dir = root.resolve("shared");
    Files.createDirectory(dir);
    check("chown", "65534:65534", dir.toString());
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path tool = dir.resolve("tool");
    Files.writeString(tool, "#!/bin/sh\n");
    check("chmod", "0755", tool.toString());
    check("setcap", "cap_net_raw+ep", tool.toString());
    check("setfattr", "-n", "user.y", "-v", "kept", tool.toString());

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    PosixTestSupport.Output out =
        PosixTestSupport.run(
            List.of(
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                String.join(":", classPath),
                NonRootCopy.class.getName(),
                dir.toString(),
                "tool",
                "copy"));

    assertEquals(0, out.exit(), out.text());
    assertTrue(out.text().contains("refused=[security.capability]"), out.text());
    Path copy = dir.resolve("copy");
    assertEquals(
        "user.y=\"kept\"",
        check("getfattr", "--absolute-names", "-d", "-m", "user.", copy.toString())
            .lines()
            .filter(l -> l.startsWith("user."))
            .findFirst()
            .orElse(""));
    assertFalse(check("getcap", copy.toString()).contains("cap_net_raw"));
    assertEquals("755 65534", check("stat", "-c", "%a %u", copy.toString()).trim());
  }

  private static boolean readableByAll(Path path) throws IOException {
    for (Path p = path; p != null; p = p.getParent()) {
      String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
      if (perms.charAt(6) != 'r' && !Files.isDirectory(p)
          || perms.charAt(8) != 'x' && Files.isDirectory(p)) {
        return false;
      }
    }
    return true;
  }
}
