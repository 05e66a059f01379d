package io.backupsidecar.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.RestoreOutcome;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.service.RestoreService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code backup restore}: put a target back to a snapshot's state. */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = "Restore PATH from its latest snapshot (or --previous, or --at MILLIS), "
        + "integrity-checked; the replaced state is captured first so the restore can be undone.")
final class RestoreCommand extends BaseCommand {

  @ArgGroup(exclusive = true)
  Which which;

  static final class Which {
    @Option(names = "--previous", description = "The second newest snapshot.")
    boolean previous;

    @Option(names = "--at", paramLabel = "MILLIS", description = "The snapshot with this stamp.")
    Long at;
  }

  @Option(names = "--dry-run", description = "Say what would happen; touch nothing.")
  boolean dryRun;

  @Option(names = "--no-require-integrity",
      description = "Restore even if the payload's hash is missing or does not match.")
  boolean noIntegrity;

  @Option(names = "--no-capture", description = "Do not snapshot the state being replaced.")
  boolean noCapture;

  @Option(names = "--best-effort", description = "No snapshot is a no-op, not an error.")
  boolean bestEffort;

  @Option(names = "--trust-foreign-sidecars",
      description = "Accept sidecars owned by another user (not root, not you).")
  boolean trustForeign;

  @Option(names = "--json", description = "Print one JSON document.")
  boolean json;

  @Option(names = "--check", description = "Only say whether there is a snapshot to restore "
      + "(reads sidecars, no payload, changes nothing): exit 0 if there is, 60 if not.")
  boolean check;

  @Parameters(index = "0", paramLabel = "PATH", description = "The target.")
  String path;

  @Override
  int run(Cli cli) throws Exception {
    Selection selection = which == null ? Selection.latest()
        : which.previous ? Selection.previous() : Selection.at(which.at);
    Path target = cli.path(path);
    Policy policy = Cli.policy(common, b -> b
        .requireSidecarIntegrity(!noIntegrity)
        .captureRestoreSnapshot(!noCapture)
        .trustForeignSidecars(trustForeign));
    Backup backup = cli.backup(policy, common.emitter(cli));
    PrintWriter out = common.human(cli);
    if (check) {
      return check(backup, target, selection, policy, out);
    }
    RestoreOutcome outcome =
        backup.restore(target, selection, new RestoreService.Options(dryRun, bestEffort));
    if (json) {
      Json.print(out, toJson(outcome));
    } else {
      describe(outcome).lines().forEach(out::println);
    }
    return 0;
  }

  /** The preflight: is there anything to restore? Exit 0 if so, E_BACKUP_MISSING (60) if not. */
  private int check(Backup backup, Path target, Selection selection, Policy policy,
      PrintWriter out) throws BackupException {
    Optional<SnapshotEntry> entry = backup.select(target, selection);
    if (entry.isEmpty()) {
      throw new BackupException(ErrorId.E_BACKUP_MISSING, target, String.format(
          "nothing to restore (%s) for %s with tag '%s'; run 'backup list --tag %s %s' to see "
              + "what exists", selection, p(target), policy.tag(), p(policy.tag()), p(target)));
    }
    if (json) {
      Json.print(out, Json.object().put("target", target.toString())
          .put("outcome", "restorable").put("backup", entry.get().payload().toString())
          .put("stamp", entry.get().stamp()));
    } else {
      out.printf("%s can be restored from %s%n", p(target),
          p(entry.get().payload().getFileName()));
    }
    return 0;
  }

  /** Human lines; paths are escaped, so a name with a newline cannot forge a line. */
  static String describe(RestoreOutcome outcome) {
    if (outcome instanceof RestoreOutcome.Restored r) {
      String text = String.format("restored %s from %s (%s%s)", p(r.target()),
          p(r.from().payload().getFileName()), r.kind().wireName(),
          r.integrityVerified() ? ", integrity verified" : "");
      if (!r.metadataNotRestored().isEmpty()) {
        text += String.format("%nwarning: not put back (not permitted for this user or not "
            + "supported here): extended attributes %s; run the restore as root to put them "
            + "back", String.join(", ", r.metadataNotRestored()));
      }
      if (r.captured() != null) {
        text += String.format("%ncaptured the replaced state as %s; undo with: backup restore "
                + "--tag %s --at %d %s", p(r.captured().payload().getFileName()),
            r.captured().name().tag(), r.captured().name().stamp(), p(r.target()));
      }
      return text;
    }
    if (outcome instanceof RestoreOutcome.AlreadyInPlace a) {
      return String.format("%s already is the state of %s: nothing to do", p(a.target()),
          p(a.from().payload().getFileName()));
    }
    if (outcome instanceof RestoreOutcome.DryRunPlan plan) {
      return String.format("would restore %s from %s (%s)%s; nothing was changed",
          p(plan.target()), p(plan.from().payload().getFileName()), plan.kind().wireName(),
          plan.wouldCapture() ? ", capturing the current state first" : "");
    }
    return String.format("no complete snapshot of %s: nothing to do (best effort)",
        p(outcome.target()));
  }

  private static String p(Object path) {
    return Table.printable(String.valueOf(path));
  }

  private static ObjectNode toJson(RestoreOutcome outcome) {
    ObjectNode o = Json.object().put("target", outcome.target().toString());
    if (outcome instanceof RestoreOutcome.Restored r) {
      o.put("outcome", "restored").put("backup", r.from().payload().toString())
          .put("prior_kind", r.kind().wireName())
          .put("sidecar_integrity_verified", r.integrityVerified());
      if (!r.metadataNotRestored().isEmpty()) {
        var lost = o.putArray("metadata_not_restored");
        r.metadataNotRestored().forEach(lost::add);
      }
      if (r.captured() != null) {
        o.put("captured_backup", r.captured().payload().toString())
            .put("captured_stamp", r.captured().name().stamp());
      }
    } else if (outcome instanceof RestoreOutcome.AlreadyInPlace a) {
      o.put("outcome", "already_in_place").put("backup", a.from().payload().toString());
    } else if (outcome instanceof RestoreOutcome.DryRunPlan p) {
      o.put("outcome", "planned").put("backup", p.from().payload().toString())
          .put("prior_kind", p.kind().wireName()).put("would_capture", p.wouldCapture());
    } else {
      o.put("outcome", "nothing_to_restore");
    }
    return o;
  }
}
