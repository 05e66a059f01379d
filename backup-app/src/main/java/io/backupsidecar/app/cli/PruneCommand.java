package io.backupsidecar.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.PruneResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code backup prune}: retention. */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = "Remove old snapshots of each PATH: keep at most N newest (--keep) and/or drop "
        + "those older than --max-age; the newest is always kept. Also removes leftovers of "
        + "interrupted snapshots and restores older than 10 minutes.")
final class PruneCommand extends BaseCommand {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([dhms])");

  @Option(names = "--keep", paramLabel = "N", description = "Keep at most N newest (N >= 1).")
  Integer keep;

  @Option(names = "--max-age", paramLabel = "DURATION",
      description = "Drop snapshots older than this: e.g. 30d, 12h, 90m, 45s.")
  String maxAge;

  @Option(names = "--dry-run", description = "Report what would be removed; remove nothing.")
  boolean dryRun;

  @Option(names = "--json", description = "Print one JSON document.")
  boolean json;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Targets.")
  List<String> paths;

  @Override
  int run(Cli cli) throws Exception {
    CommandLine self = new CommandLine(this);
    if (keep != null && keep < 1) {
      throw new CommandLine.ParameterException(self, String.format(
          "--keep (%d) must be at least 1: the newest snapshot is always kept", keep));
    }
    Duration age = maxAge == null ? null : parseDuration(self, maxAge);
    Backup backup = cli.backup(Cli.policy(common, b -> b.retentionCountLimit(keep)
        .retentionAgeLimit(age)), common.emitter(cli));
    List<PruneResult> results = new ArrayList<>();
    for (String p : paths) {
      results.add(backup.prune(cli.path(p), dryRun));
    }
    PrintWriter out = common.human(cli);
    if (json) {
      ArrayNode array = Json.MAPPER.createArrayNode();
      for (PruneResult r : results) {
        ObjectNode o = array.addObject().put("target", r.target().toString())
            .put("pruned_count", r.pruned().size()).put("retained_count", r.retained().size())
            .put("removed_leftovers", r.leftovers().size()).put("dry_run", dryRun);
        r.ignored().forEach(o.putArray("ignored")::add);
      }
      Json.print(out, array);
    } else {
      Table table = new Table("TARGET", dryRun ? "WOULD PRUNE" : "PRUNED", "KEPT",
          "LEFTOVERS");
      for (PruneResult r : results) {
        table.row(r.target(), r.pruned().size(), r.retained().size(), r.leftovers().size());
      }
      table.print(out);
      for (PruneResult r : results) {
        if (!r.ignored().isEmpty()) {
          out.printf("%s: %d not counted or removed (untrusted, unreadable, or stamps that do "
              + "not fit or lie beyond the clock; see 'backup list')%n",
              Table.printable(r.target().toString()), r.ignored().size());
        }
      }
    }
    return 0;
  }

  static Duration parseDuration(CommandLine cl, String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new CommandLine.ParameterException(cl, String.format(
          "--max-age (%s) must be a positive number with a unit d, h, m or s, e.g. 30d", text));
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "d" -> Duration.ofDays(n);
      case "h" -> Duration.ofHours(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofSeconds(n);
    };
  }
}
