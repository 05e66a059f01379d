package io.backupsidecar.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.SidecarProblem;
import io.backupsidecar.domain.model.VerifyFinding;
import io.backupsidecar.domain.model.VerifySummary;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code backup verify}: check every snapshot. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Verify the snapshots of each PATH (a target), or every snapshot beneath a "
            + "directory: sidecar trusted and valid, payload present, of the recorded kind, hash "
            + "matching. Exit 75 if any is damaged or incomplete.")
final class VerifyCommand extends BaseCommand {

  @Mixin Mixins.JsonFlag json;

  @Mixin Mixins.TrustForeignFlag trust;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Targets or directories.")
  List<String> paths;

  @Override
  int run(Cli cli) throws Exception {
    PrintWriter out = common.human(cli);
    int[] seen = {0};
    Backup backup =
        cli.backup(
            Cli.policy(common, b -> b.trustForeignSidecars(trust.trustForeign)),
            common.emitter(cli));
    cli.otherwise("verify");
    List<Path> resolved = paths.stream().map(cli::path).toList();
    for (Path p : resolved) {
      if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        Cli.requireKnown(backup.list(p));
      }
    }
    VerifySummary summary =
        backup.verify(
            resolved,
            finding -> {
              seen[0]++;
              if (!json.json && !finding.isSound()) {
                for (String problem : problems(backup, finding)) {
                  out.println("DAMAGED " + Table.printable(problem));
                }
                out.flush();
              }
              if (cli.interactive && seen[0] % 100 == 0) {
                cli.err.printf("\rverified %d snapshots...", seen[0]);
                cli.err.flush();
              }
            });
    if (cli.interactive && seen[0] >= 100) {
      cli.err.print("\r\033[K");
      cli.err.flush();
    }
    ObjectNode doc = null;
    if (json.json) {
      doc =
          Json.command("verify")
              .put("checked", summary.checked())
              .put("sound", summary.checked() - summary.damaged().size())
              .put("all_sound", summary.allSound());
      ArrayNode damaged = doc.putArray("damaged");
      for (VerifyFinding f : summary.damaged()) {
        ObjectNode o =
            damaged
                .addObject()
                .put("target", f.entry().target().toString())
                .put("backup", f.entry().payload().getFileName().toString())
                .put("stamp", f.entry().stamp());
        problems(backup, f).forEach(o.putArray("problems")::add);
      }
      summary.unreadable().forEach(doc.putArray("unreadable")::add);
    } else {
      for (String u : summary.unreadable()) {
        out.println("UNREADABLE " + Table.printable(u));
      }
      out.printf(
          "checked %d snapshots: %d sound, %d damaged%n",
          summary.checked(),
          summary.checked() - summary.damaged().size(),
          summary.damaged().size());
    }
    if (!summary.allSound()) {
      // under --json, the error's fields join the summary: one object
      throw new CommandFailure(
          Failure.of(
              new BackupException(
                  ErrorId.E_VERIFY_FAILED,
                  null,
                  String.format(
                      "%d of %d snapshots are damaged or incomplete%s; %s",
                      summary.damaged().size(),
                      summary.checked(),
                      summary.unreadable().isEmpty() ? "" : ", and some paths could not be read",
                      json.json ? "see damaged and unreadable" : "see the lines above")),
              common.tag),
          doc);
    }
    if (doc != null) {
      Json.print(out, doc);
    }
    return 0;
  }

  /**
   * A finding's problems, a sidecar's with what relaxes it ({@code --trust-foreign-sidecars}): the
   * domain says the remedy, this command line names its flag.
   */
  private static List<String> problems(Backup backup, VerifyFinding finding) {
    if (finding.kind() != null || finding.isSound()) {
      return finding.problems();
    }
    Optional<SidecarProblem> problem = backup.trustProblem(finding.entry());
    return finding.problems().stream()
        .map(
            p ->
                problem.isPresent() && problem.get().getMessage().equals(p)
                    ? Hints.sidecar(problem.get())
                    : p)
        .toList();
  }
}
