package io.backupsidecar.app.hostile;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.app.hostile.Hostile.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sidecars edited by someone else. A symlink's destination is data: restore recreates exactly the
 * recorded link and never writes through it. A sidecar decides mode and owner, so it is trusted
 * only when nobody but root or the restoring user could have written it.
 */
class TamperedSidecarTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path root;
  private Path work;
  private Path outside;

  @BeforeEach
  void layout() throws Exception {
    work = Files.createDirectories(root.resolve("a/b/work"));
    outside = Files.createDirectories(root.resolve("outside"));
    Files.writeString(outside.resolve("victim"), "victim content");
  }

  private static Run cli(String... args) {
    return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Hostile.cli(args));
  }

  private Path only(String suffix) throws Exception {
    try (Stream<Path> s = Files.list(work)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst().orElseThrow();
    }
  }

  /** Rewrites the sidecar in place (same inode, owner and mode). */
  private void editSidecar(Consumer<ObjectNode> edit) throws Exception {
    Path sidecar = only(".bak.meta.json");
    ObjectNode node = (ObjectNode) JSON.readTree(sidecar.toFile());
    edit.accept(node);
    Files.write(sidecar, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
  }

  private int mode(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW_LINKS) & 07777;
  }

  // ---- prior_dest

  private void assertRestoreCreatesExactlyTheLink(String destination) throws Exception {
    Path target = work.resolve("link");
    Files.createSymbolicLink(target, Path.of("harmless"));
    assertEquals(0, cli("snapshot", target.toString()).exit());
    // an attacker who can write both rewrites the sidecar and the payload link consistently
    editSidecar(n -> n.put("prior_dest", destination));
    Path payload = only(".bak");
    Files.delete(payload);
    Files.createSymbolicLink(payload, Path.of(destination));
    Files.delete(target);
    Files.writeString(target, "current file");
    Map<String, String> outsideBefore = Hostile.fingerprint(root, work);

    Run run = cli("restore", "--no-capture", target.toString());

    assertEquals(0, run.exit(), run::toString);
    assertTrue(Files.isSymbolicLink(target));
    assertEquals(destination, Files.readSymbolicLink(target).toString());
    assertEquals(
        outsideBefore,
        Hostile.fingerprint(root, work),
        "the link's destination was not created or written");
  }

  @Test
  void an_absolute_prior_dest_is_restored_as_that_link_and_never_written_through()
      throws Exception {
    assertRestoreCreatesExactlyTheLink(outside.resolve("victim").toString());
  }

  @Test
  void a_relative_prior_dest_is_restored_as_that_link() throws Exception {
    assertRestoreCreatesExactlyTheLink("sibling/file");
  }

  @Test
  void a_prior_dest_with_dot_dot_is_restored_as_that_link() throws Exception {
    assertRestoreCreatesExactlyTheLink("../../../outside/victim");
  }

  @Test
  void a_prior_dest_that_disagrees_with_the_payload_link_is_refused() throws Exception {
    Path target = work.resolve("link");
    Files.createSymbolicLink(target, Path.of("harmless"));
    assertEquals(0, cli("snapshot", target.toString()).exit());
    editSidecar(n -> n.put("prior_dest", "../../../outside/victim"));
    Files.delete(target);
    Files.writeString(target, "current file");
    Map<String, String> before = Hostile.fingerprint(root);

    Run run = cli("restore", target.toString());

    assertEquals(70, run.exit(), run::toString);
    assertTrue(run.err().startsWith("error E_RESTORE_FAILED: "), run::toString);
    assertEquals(before, Hostile.fingerprint(root));
  }

  @Test
  void restoring_a_file_over_a_symlink_replaces_the_link_and_never_writes_through_it()
      throws Exception {
    Path target = Files.writeString(work.resolve("config"), "prior");
    assertEquals(0, cli("snapshot", target.toString()).exit());
    Files.delete(target);
    Files.createSymbolicLink(target, outside.resolve("victim"));
    Map<String, String> outsideBefore = Hostile.fingerprint(root, work);

    Run run = cli("restore", target.toString());

    assertEquals(0, run.exit(), run::toString);
    assertFalse(Files.isSymbolicLink(target));
    assertEquals("prior", Files.readString(target));
    assertEquals(outsideBefore, Hostile.fingerprint(root, work));
  }

  // ---- mode and owner

  private Path fileWithSnapshotThenChanged() throws Exception {
    Path target = Files.writeString(work.resolve("tool"), "#!/bin/sh\necho prior\n");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertEquals(0, cli("snapshot", target.toString()).exit());
    Files.writeString(target, "#!/bin/sh\necho current\n");
    return target;
  }

  @Test
  void a_setuid_mode_in_a_root_owned_sidecar_is_trusted_by_design() throws Exception {
    assumeTrue(Hostile.isRoot(), "the trusted writer here is root");
    Path target = fileWithSnapshotThenChanged();
    editSidecar(n -> n.put("mode", "104755"));

    Run run = cli("restore", "--no-capture", target.toString());

    assertEquals(0, run.exit(), run::toString);
    assertEquals(04755, mode(target), "root wrote the sidecar, so its mode is what was meant");
  }

  @Test
  void a_sidecar_owned_by_another_user_is_ignored_and_named() throws Exception {
    assumeTrue(Hostile.isRoot(), "chown needs root");
    Path target = fileWithSnapshotThenChanged();
    editSidecar(n -> n.put("mode", "104755").put("uid", 0));
    Files.setAttribute(only(".bak.meta.json"), "unix:uid", 65534, NOFOLLOW_LINKS);
    Map<String, String> before = Hostile.fingerprint(root);

    Run run = cli("restore", target.toString());

    // trust decides history (issue 10): the foreign sidecar is not a snapshot to restore, so
    // there is none; the message names it and why
    assertEquals(60, run.exit(), run::toString);
    assertTrue(run.err().startsWith("error E_BACKUP_MISSING: "), run::toString);
    assertTrue(
        run.err().contains("owned by uid 65534") && run.err().contains("not trusted"),
        run::toString);
    assertEquals(before, Hostile.fingerprint(root), "target untouched, nothing captured");
  }

  @Test
  void a_group_or_world_writable_sidecar_is_ignored_and_named() throws Exception {
    Path target = fileWithSnapshotThenChanged();
    editSidecar(n -> n.put("mode", "104755"));
    for (String perms : new String[] {"rw-rw-r--", "rw-r--rw-"}) {
      Files.setPosixFilePermissions(only(".bak.meta.json"), PosixFilePermissions.fromString(perms));
      Map<String, String> before = Hostile.fingerprint(root);

      Run run = cli("restore", target.toString());

      assertEquals(60, run.exit(), run::toString);
      assertTrue(run.err().contains("writable by group or others"), run::toString);
      assertEquals(before, Hostile.fingerprint(root));
      assertEquals(0755, mode(target));
    }
  }
}
