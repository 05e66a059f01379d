package io.backupsidecar.app.cli;

import static io.backupsidecar.app.cli.CliHarness.fixedAt;
import static io.backupsidecar.app.cli.CliHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupsidecar.app.cli.CliHarness.Result;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Remedy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: the domain's failures carry a {@link Remedy} and name no flag; the command line still
 * prints the flag that applies it ({@link Hints}), on stderr and in the {@code --json} message, as
 * before the domain stopped naming flags.
 */
class CliRemedyHintTest {
  private static final long T = 1_700_000_000_000L;
  private static final Path P = Path.of("/srv/conf");

  @TempDir Path dir;

  private static String said(ErrorId id, String message, Remedy... remedies) {
    return Hints.message(new BackupException(id, P, message, null, List.of(remedies)), "backup");
  }

  @Test
  void each_remedy_is_said_as_the_flag_the_domain_used_to_name() {
    assertEquals(
        "m; the target was left as it was (relax with --no-require-integrity)",
        said(ErrorId.E_RESTORE_FAILED, "m; the target was left as it was", Remedy.ALLOW_UNHASHED));
    assertEquals(
        "m; the target was left as it was (restore without the capture with --no-capture)",
        said(ErrorId.E_RESTORE_FAILED, "m; the target was left as it was", Remedy.SKIP_CAPTURE));
    assertEquals(
        "m (relax with --trust-foreign-sidecars if you trust it; choose another snapshot with"
            + " --at)",
        said(
            ErrorId.E_RESTORE_FAILED,
            "m",
            Remedy.TRUST_FOREIGN_SIDECARS,
            Remedy.CHOOSE_ANOTHER_SNAPSHOT));
    assertEquals(
        "m; run 'backup list --tag backup /srv/conf' to see what exists",
        said(ErrorId.E_BACKUP_MISSING, "m", Remedy.LIST_SNAPSHOTS));
    assertEquals(
        "m; choose an older snapshot with --previous or --at (see 'backup list --tag backup "
            + "/srv/conf')",
        said(ErrorId.E_BACKUP_MISSING, "m", Remedy.CHOOSE_ANOTHER_SNAPSHOT, Remedy.LIST_SNAPSHOTS));
    assertEquals("m", said(ErrorId.E_RESTORE_FAILED, "m"));
  }

  @Test
  void no_complete_snapshot_still_says_what_to_run_on_stderr_and_in_json() throws Exception {
    Path conf = Files.writeString(dir.resolve("conf"), "x");
    Files.writeString(dir.resolve(".conf.backup.5.bak"), "incomplete");

    Result r = run("restore", conf.toString());
    Result json = run("restore", "--json", conf.toString());

    String expected =
        "no complete snapshot (latest) of "
            + conf
            + " with tag 'backup'; run 'backup list --tag backup "
            + conf
            + "' to see what exists";
    assertEquals(60, r.exit(), r::toString);
    assertTrue(r.err().startsWith("error E_BACKUP_MISSING: "), r::toString);
    assertTrue(r.err().contains(expected), r::toString);
    assertEquals(60, json.exit(), json::toString);
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertTrue(doc.get("message").asText().contains(expected), json::toString);
  }

  @Test
  void an_untrusted_sidecar_still_names_the_trust_flag_in_restore_show_and_verify()
      throws Exception {
    Path conf = Files.writeString(dir.resolve("conf"), "v1");
    assertEquals(0, run(fixedAt(T), "snapshot", conf.toString()).exit());
    Files.writeString(conf, "v2");
    Path sidecar = dir.resolve(".conf.backup." + T + ".bak.meta.json");
    Files.setPosixFilePermissions(sidecar, PosixFilePermissions.fromString("rw-rw-rw-"));

    Result restore = run("restore", "--at", Long.toString(T), conf.toString());
    Result show = run("show", conf.toString());
    Result verify = run("verify", conf.toString());

    assertEquals(70, restore.exit(), restore::toString);
    assertTrue(
        restore
            .err()
            .contains(
                "it is not trusted; check it and run 'chmod go-w' on it; the target was left as"
                    + " it was (relax with --trust-foreign-sidecars if you trust it; choose"
                    + " another snapshot with --at)"),
        restore::toString);
    assertEquals("v2", Files.readString(conf));
    assertTrue(
        (show.out() + show.err()).contains("relax with --trust-foreign-sidecars"), show::toString);
    assertTrue(verify.out().contains("relax with --trust-foreign-sidecars"), verify::toString);
    assertEquals(0, run("restore", "--trust-foreign-sidecars", conf.toString()).exit());
    assertEquals("v1", Files.readString(conf));
  }
}
