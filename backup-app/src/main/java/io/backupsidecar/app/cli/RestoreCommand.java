package io.backupsidecar.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.NoSnapshot;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.RestoreOptions;
import io.backupsidecar.domain.model.RestoreOutcome;
import io.backupsidecar.domain.model.RestoredElsewhere;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.SnapshotEntry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code backup restore}: put a target back to a snapshot's state. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description =
        "Restore PATH from its latest snapshot (or the one --previous, --at or "
            + "--before names), integrity-checked; the replaced state is captured first so the "
            + "restore can be undone.")
final class RestoreCommand extends BaseCommand {

  @ArgGroup(exclusive = true)
  SnapshotChoice choice;

  @Mixin Mixins.DryRunFlag dryRun;

  @Mixin Mixins.NoIntegrityFlag integrity;

  @Option(names = "--no-capture", description = "Do not snapshot the state being replaced.")
  boolean noCapture;

  @Option(names = "--best-effort", description = "No snapshot is a no-op, not an error.")
  boolean bestEffort;

  @Mixin Mixins.TrustForeignFlag trust;

  @Option(
      names = "--to",
      paramLabel = "OTHER_PATH",
      description =
          "Write the snapshot's state to OTHER_PATH instead (atomically, "
              + "integrity-checked); PATH and its snapshots are not touched, nothing is captured.")
  String to;

  @Mixin Mixins.JsonFlag json;
  @Mixin Mixins.TargetParameter path;

  @Option(
      names = "--check",
      description =
          "Only say whether there is a snapshot to restore "
              + "(reads sidecars, no payload, changes nothing): exit 0 if there is, 60 if not.")
  boolean check;

  @Override
  int run(Cli cli) throws Exception {
    Path target = cli.target(path.path, "restore");
    Policy policy =
        Cli.policy(
            common,
            b ->
                b.requireSidecarIntegrity(!integrity.relaxed)
                    .captureRestoreSnapshot(!noCapture)
                    .trustForeignSidecars(trust.trustForeign));
    Backup backup = cli.backup(policy, common.emitter(cli));
    if (to != null) {
      RestoredElsewhere result =
          (dryRun.dryRun ? backup.dryRun() : backup)
              .restoreTo(
                  target, SnapshotChoice.resolve(choice, backup, target, cli.zone()), cli.path(to));
      if (json.json) {
        Json.print(common.human(cli), RestoreTo.toJson(result));
      } else {
        common.human(cli).println(RestoreTo.describe(result));
      }
      return 0;
    }
    Selection selection = SnapshotChoice.resolve(choice, backup, target, cli.zone());
    if (check) {
      return check(backup, target, selection, policy, common.human(cli));
    }
    if (cli.interactive && !dryRun.dryRun) {
      // the payload is copied beside the target (its hash checked on the way) and the state it
      // replaces is captured: hashed in place while the copy runs, or copied after it
      Optional<SnapshotEntry> entry = backup.select(target, selection);
      entry.ifPresent(
          e ->
              cli.expectTogether(
                  "restore",
                  target,
                  noCapture ? List.of(e.payload()) : List.of(e.payload(), target)));
    }
    RestoreOutcome outcome =
        (dryRun.dryRun ? backup.dryRun() : backup)
            .restore(target, selection, new RestoreOptions(bestEffort));
    cli.progressDone();
    PrintWriter out = common.human(cli);
    if (json.json) {
      Json.print(out, toJson(outcome).put("dry_run", dryRun.dryRun));
    } else {
      describe(outcome).lines().forEach(out::println);
    }
    return 0;
  }

  /** The preflight: is there anything to restore? Exit 0 if so, E_BACKUP_MISSING (60) if not. */
  private int check(Backup backup, Path target, Selection selection, Policy policy, PrintWriter out)
      throws BackupException {
    Optional<SnapshotEntry> entry = backup.select(target, selection);
    if (entry.isEmpty()) {
      throw NoSnapshot.of(target, policy.tag(), selection, "");
    }
    if (json.json) {
      Json.print(
          out,
          Json.command("restore")
              .put("target", target.toString())
              .put("outcome", "restorable")
              .put("backup", entry.get().payload().getFileName().toString())
              .put("stamp", entry.get().stamp()));
    } else {
      out.printf("%s can be restored from %s%n", p(target), p(entry.get().payload().getFileName()));
    }
    return 0;
  }

  /** Human lines; paths are escaped, so a name with a newline cannot forge a line. */
  static String describe(RestoreOutcome outcome) {
    if (outcome instanceof RestoreOutcome.Restored r) {
      String text =
          String.format(
              "restored %s from %s (%s%s)",
              p(r.target()),
              p(r.from().payload().getFileName()),
              r.kind().wireName(),
              r.integrityVerified() ? ", integrity verified" : "");
      if (!r.metadataNotRestored().isEmpty()) {
        text +=
            String.format(
                "%nwarning: not put back (not permitted for this user or not "
                    + "supported here): extended attributes %s; run the restore as root to put them "
                    + "back",
                String.join(", ", r.metadataNotRestored()));
      }
      if (r.captured() != null) {
        text +=
            String.format(
                "%ncaptured the replaced state as %s; undo with: backup restore "
                    + "--tag %s --at %d %s",
                p(r.captured().payload().getFileName()),
                r.captured().name().tag(),
                r.captured().name().stamp(),
                p(r.target()));
      }
      return text;
    }
    if (outcome instanceof RestoreOutcome.AlreadyInPlace a) {
      return String.format(
          "%s already is the state of %s: nothing to do",
          p(a.target()), p(a.from().payload().getFileName()));
    }
    if (outcome instanceof RestoreOutcome.DryRunPlan plan) {
      return String.format(
          "would restore %s from %s (%s)%s; nothing was changed",
          p(plan.target()),
          p(plan.from().payload().getFileName()),
          plan.kind().wireName(),
          plan.wouldCapture() ? ", capturing the current state first" : "");
    }
    return String.format(
        "no complete snapshot of %s: nothing to do (best effort)", p(outcome.target()));
  }

  private static String p(Object path) {
    return Table.printable(String.valueOf(path));
  }

  private static String name(Path payload) {
    return payload.getFileName().toString();
  }

  private static ObjectNode toJson(RestoreOutcome outcome) {
    ObjectNode o = Json.command("restore").put("target", outcome.target().toString());
    if (outcome instanceof RestoreOutcome.Restored r) {
      o.put("outcome", "restored")
          .put("backup", name(r.from().payload()))
          .put("stamp", r.from().stamp())
          .put("prior_kind", r.kind().wireName())
          .put("sidecar_integrity_verified", r.integrityVerified());
      if (!r.metadataNotRestored().isEmpty()) {
        var lost = o.putArray("metadata_not_restored");
        r.metadataNotRestored().forEach(lost::add);
      }
      if (r.captured() != null) {
        o.put("captured_backup", name(r.captured().payload()))
            .put("captured_stamp", r.captured().name().stamp());
      }
    } else if (outcome instanceof RestoreOutcome.AlreadyInPlace a) {
      o.put("outcome", "already_in_place")
          .put("backup", name(a.from().payload()))
          .put("stamp", a.from().stamp());
    } else if (outcome instanceof RestoreOutcome.DryRunPlan p) {
      o.put("outcome", "planned")
          .put("backup", name(p.from().payload()))
          .put("stamp", p.from().stamp())
          .put("prior_kind", p.kind().wireName())
          .put("would_capture", p.wouldCapture());
    } else {
      o.put("outcome", "nothing_to_restore");
    }
    return o;
  }
}
