package io.backupsidecar.domain.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.fakes.InMemoryNodes;
import io.backupsidecar.domain.fakes.TestPorts;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Remedy;
import io.backupsidecar.domain.model.RestoreOptions;
import io.backupsidecar.domain.model.SchemaVersion;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.SidecarProblem;
import io.backupsidecar.domain.model.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: a failure the domain raises carries what a caller can do about it as a {@link Remedy},
 * and its message names no host's option (no command-line flag): the command line says the remedies
 * as its flags, an embedding host in its own terms.
 */
class RestoreRemedyTest {
  private static final Path DIR = Path.of("/etc");
  private static final Path TARGET = DIR.resolve("hosts");

  /** A command-line flag as a message would name it: {@code --at}, {@code --no-capture}. */
  private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*");

  private final TestPorts t = new TestPorts(new InMemoryNodes(1000), new TestPorts().clock);
  private final Services services = Services.wire(t.ports);

  private Snapshot snapshot(Policy policy) throws BackupException {
    Snapshot s = services.snapshots().snapshot(TARGET, policy);
    t.clock.advance(Duration.ofSeconds(1));
    return s;
  }

  private BackupException refused(Selection selection, Policy policy) {
    return assertThrows(
        BackupException.class,
        () -> services.restores().restore(TARGET, selection, policy, RestoreOptions.defaults()));
  }

  private static void namesNoFlag(String message) {
    Matcher m = FLAG.matcher(message);
    assertFalse(m.find(), () -> "names " + m.group() + ": " + message);
  }

  @Test
  void an_unhashed_file_sidecar_is_refused_with_allow_unhashed() throws Exception {
    t.nodes.file(TARGET, "original");
    snapshot(Policy.builder().sidecarVersion(SchemaVersion.V1).build());
    t.nodes.file(TARGET, "changed");

    BackupException e = refused(Selection.latest(), Policy.defaults());

    assertEquals(ErrorId.E_RESTORE_FAILED, e.id());
    assertEquals(List.of(Remedy.ALLOW_UNHASHED), e.remedies());
    assertTrue(e.getMessage().endsWith("; the target was left as it was"), e.getMessage());
    namesNoFlag(e.getMessage());
  }

  @Test
  void an_untrusted_sidecar_asked_for_by_its_stamp_names_trust_and_another_snapshot()
      throws Exception {
    t.nodes.file(TARGET, "original");
    Snapshot s = snapshot(Policy.defaults());
    t.nodes.file(TARGET, "changed");
    ((InMemoryNodes.File) t.nodes.get(s.sidecarPath())).mode = 0100666;

    BackupException e = refused(Selection.at(s.name().stamp()), Policy.defaults());

    assertEquals(ErrorId.E_RESTORE_FAILED, e.id());
    assertEquals(
        List.of(Remedy.TRUST_FOREIGN_SIDECARS, Remedy.CHOOSE_ANOTHER_SNAPSHOT), e.remedies());
    assertTrue(e.getMessage().contains("writable by group or others"), e.getMessage());
    assertTrue(e.getCause() instanceof SidecarProblem, String.valueOf(e.getCause()));
    assertEquals(
        Remedy.TRUST_FOREIGN_SIDECARS, ((SidecarProblem) e.getCause()).remedy().orElseThrow());
    namesNoFlag(e.getMessage());
  }

  @Test
  void nothing_trusted_to_restore_names_the_listing_and_what_was_ignored_with_its_remedy()
      throws Exception {
    t.nodes.file(TARGET, "original");
    Snapshot s = snapshot(Policy.defaults());
    t.nodes.file(TARGET, "changed");
    InMemoryNodes.File sidecar = (InMemoryNodes.File) t.nodes.get(s.sidecarPath());
    sidecar.uid = 4242;

    BackupException e = refused(Selection.latest(), Policy.defaults());

    assertEquals(ErrorId.E_BACKUP_MISSING, e.id());
    assertEquals(List.of(Remedy.TRUST_FOREIGN_SIDECARS, Remedy.LIST_SNAPSHOTS), e.remedies());
    assertTrue(e.getMessage().contains("(ignored 1: sidecar "), e.getMessage());
    assertTrue(e.getMessage().contains("uid 4242"), e.getMessage());
    namesNoFlag(e.getMessage());
  }

  @Test
  void a_consumed_file_snapshot_whose_target_changed_names_another_snapshot() throws Exception {
    t.nodes.file(TARGET, "original");
    Snapshot s = snapshot(Policy.builder().sidecarVersion(SchemaVersion.V2).build());
    t.nodes.remove(s.payload());
    t.nodes.file(TARGET, "changed");

    BackupException e = refused(Selection.latest(), Policy.defaults());

    assertEquals(ErrorId.E_BACKUP_MISSING, e.id(), e::getMessage);
    assertEquals(List.of(Remedy.CHOOSE_ANOTHER_SNAPSHOT, Remedy.LIST_SNAPSHOTS), e.remedies());
    assertTrue(e.getMessage().contains("was consumed"), e.getMessage());
    namesNoFlag(e.getMessage());
  }

  @Test
  void a_failed_capture_names_skip_capture_and_leaves_the_target() throws Exception {
    t.nodes.file(TARGET, "original");
    snapshot(Policy.defaults());
    t.nodes.file(TARGET, "changed");
    t.nodes.failWhen(op -> op.startsWith("write "));

    BackupException e = refused(Selection.latest(), Policy.defaults());

    assertEquals(ErrorId.E_RESTORE_FAILED, e.id(), e::getMessage);
    assertEquals(List.of(Remedy.SKIP_CAPTURE), e.remedies());
    assertTrue(e.getMessage().contains("cannot capture the current state"), e.getMessage());
    assertEquals("changed", InMemoryNodes.text(t.nodes.bytes(TARGET)));
    namesNoFlag(e.getMessage());
  }

  @Test
  void a_failure_without_remedy_has_none() throws Exception {
    t.nodes.file(TARGET, "x");

    BackupException e = refused(Selection.latest(), Policy.defaults());

    assertEquals(ErrorId.E_BACKUP_MISSING, e.id());
    assertEquals(List.of(Remedy.LIST_SNAPSHOTS), e.remedies());
    assertTrue(
        new BackupException(ErrorId.E_GENERIC, TARGET, "plain").remedies().isEmpty(),
        "the short forms carry no remedy");
  }

  /**
   * No string the domain's main code can put in a message names a flag: every string literal of
   * backup-domain/src/main/java (comments may mention the command line).
   */
  @Test
  void no_domain_message_names_a_command_line_flag() throws IOException {
    Path main = Path.of("src/main/java");
    assertTrue(Files.isDirectory(main), "run from the module directory: " + main.toAbsolutePath());
    List<String> found = new ArrayList<>();
    Pattern literal = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");
    try (Stream<Path> files = Files.walk(main)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).strip();
          if (line.startsWith("*") || line.startsWith("//") || line.startsWith("/*")) {
            continue;
          }
          Matcher m = literal.matcher(line);
          while (m.find()) {
            if (FLAG.matcher(m.group()).find()) {
              found.add(main.relativize(file) + ":" + (i + 1) + ": " + m.group());
            }
          }
        }
      }
    }
    assertEquals(List.of(), found);
  }
}
