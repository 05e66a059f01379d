package io.backupsidecar.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.app.cli.Cli;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Artifacts written by switchyard restore correctly with {@code --tag switchyard}. */
class SwitchyardCompatibilityTest {
  private static final List<String> GOLDEN =
      List.of(
          ".hosts.switchyard.1700000000000.bak",
          ".hosts.switchyard.1700000000000.bak.meta.json",
          ".bin.switchyard.1700000000001.bak.meta.json",
          ".new.switchyard.1700000000002.bak",
          ".new.switchyard.1700000000002.bak.meta.json",
          ".legacy.switchyard.1700000000003.bak",
          ".legacy.switchyard.1700000000003.bak.meta.json");

  @TempDir Path dir;
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void copyGoldenDirectory() throws IOException {
    for (String name : GOLDEN) {
      try (InputStream in = getClass().getResourceAsStream("/switchyard/" + name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
    // switchyard's symlink payload is itself a symlink with the prior destination
    Files.createSymbolicLink(
        dir.resolve(".bin.switchyard.1700000000001.bak"), dir.getFileSystem().getPath("../../bin"));
  }

  private int backup(String... args) {
    return new Cli(
            FileSystems.getDefault(),
            Clock.systemUTC(),
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            false)
        .run(args);
  }

  @Test
  void a_v2_file_snapshot_restores_with_its_hash_checked_and_mode_applied() throws Exception {
    Path hosts = Files.writeString(dir.resolve("hosts"), "changed");
    assertEquals(0, backup("restore", "--tag", "switchyard", hosts.toString()), err.toString());
    assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(hosts));
    assertEquals(0100755, Files.getAttribute(hosts, "unix:mode", LinkOption.NOFOLLOW_LINKS));
    assertEquals(0, backup("restore", "--tag", "switchyard", hosts.toString()));
  }

  @Test
  void a_v2_file_whose_payload_was_altered_is_refused() throws Exception {
    Path hosts = Files.writeString(dir.resolve("hosts"), "changed");
    Files.writeString(dir.resolve(".hosts.switchyard.1700000000000.bak"), "hellO");
    assertEquals(70, backup("restore", "--tag", "switchyard", hosts.toString()));
    assertEquals("changed", Files.readString(hosts));
  }

  @Test
  void a_v1_symlink_snapshot_restores_the_raw_link() throws Exception {
    Path bin = Files.writeString(dir.resolve("bin"), "a file now");
    assertEquals(0, backup("restore", "--tag", "switchyard", bin.toString()), err.toString());
    assertTrue(Files.isSymbolicLink(bin));
    assertEquals("../../bin", Files.readSymbolicLink(bin).toString());
  }

  @Test
  void a_v1_tombstone_removes_what_was_created_since() throws Exception {
    Path created = Files.writeString(dir.resolve("new"), "created later");
    assertEquals(0, backup("restore", "--tag", "switchyard", created.toString()), err.toString());
    assertFalse(Files.exists(created, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void a_v1_file_without_hash_needs_integrity_relaxed_explicitly() throws Exception {
    Path legacy = Files.writeString(dir.resolve("legacy"), "new\n");
    assertEquals(70, backup("restore", "--tag", "switchyard", legacy.toString()));
    assertTrue(err.toString().contains("E_RESTORE_FAILED"), err.toString());
    assertTrue(err.toString().contains("--no-require-integrity"), err.toString());
    assertEquals("new\n", Files.readString(legacy));
    assertEquals(
        0,
        backup("restore", "--tag", "switchyard", "--no-require-integrity", legacy.toString()),
        err.toString());
    assertEquals("old\n", Files.readString(legacy));
  }

  @Test
  void verify_accepts_switchyard_artifacts_except_the_unverifiable_v1_file() {
    assertEquals(
        75,
        backup(
            "verify",
            "--tag",
            "switchyard",
            dir.resolve("hosts").toString(),
            dir.resolve("legacy").toString()));
    String report = err.toString();
    assertTrue(report.contains("E_VERIFY_FAILED"), report);
    assertEquals(
        0,
        backup(
            "verify",
            "--tag",
            "switchyard",
            dir.resolve("hosts").toString(),
            dir.resolve("bin").toString(),
            dir.resolve("new").toString()));
  }
}
