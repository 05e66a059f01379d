package io.backupsidecar.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.PruneResult;
import io.backupsidecar.domain.model.SnapshotEntry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code backup prune}: retention. */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    description =
        "Remove old snapshots of each PATH: keep at most N newest (--keep) and/or drop "
            + "those older than --max-age; the newest is always kept. Also removes leftovers of "
            + "interrupted snapshots and restores older than 10 minutes. With --dry-run, lists "
            + "what it would remove and why (count, age, leftover).")
final class PruneCommand extends BaseCommand {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([dhms])");

  @Option(names = "--keep", paramLabel = "N", description = "Keep at most N newest (N >= 1).")
  Integer keep;

  @Option(
      names = "--max-age",
      paramLabel = "DURATION",
      description = "Drop snapshots older than this: e.g. 30d, 12h, 90m, 45s.")
  String maxAge;

  @Mixin Mixins.DryRunFlag dryRun;
  @Mixin Mixins.JsonFlag json;
  @Mixin Mixins.TargetsParameter targets;

  /** Why prune removes something. */
  enum Reason {
    /** Beyond the newest {@code --keep N}. */
    COUNT,
    /** Older than {@code --max-age}. */
    AGE,
    /** An incomplete snapshot or a stale temporary file. */
    LEFTOVER;

    String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One thing removed (or that a dry run would remove), with why. */
  record Removal(String backup, Long stamp, List<Reason> reasons) {}

  @Override
  int run(Cli cli) throws Exception {
    if (keep != null && keep < 1) {
      throw usage("--keep (%d) must be at least 1: the newest snapshot is always kept", keep);
    }
    Duration age = maxAge == null ? null : parseDuration(this, maxAge);
    Backup backup =
        cli.backup(
            Cli.policy(common, b -> b.retentionCountLimit(keep).retentionAgeLimit(age)),
            common.emitter(cli));
    List<Path> paths = new ArrayList<>();
    for (String p : targets.paths) {
      Path target = cli.target(p, "prune");
      Cli.requireKnown(backup.list(target));
      paths.add(target);
    }
    Instant now = cli.clock.instant();
    List<PruneResult> results = new ArrayList<>();
    for (Path target : paths) {
      results.add((dryRun.dryRun ? backup.dryRun() : backup).prune(target));
    }
    PrintWriter out = common.human(cli);
    if (json.json) {
      ObjectNode doc = Json.command("prune").put("dry_run", dryRun.dryRun);
      ArrayNode array = doc.putArray("targets");
      for (PruneResult r : results) {
        ObjectNode o =
            array
                .addObject()
                .put("target", r.target().toString())
                .put("pruned_count", r.pruned().size())
                .put("retained_count", r.retained().size())
                .put("removed_leftovers", r.leftovers().size());
        ArrayNode removed = o.putArray("removed");
        for (Removal m : removals(r, now, age)) {
          ObjectNode item = removed.addObject().put("backup", m.backup());
          if (m.stamp() != null) {
            item.put("stamp", m.stamp());
          }
          m.reasons().forEach(reason -> item.withArray("reasons").add(reason.wireName()));
        }
        if (!r.ignored().isEmpty()) {
          r.ignored().forEach(o.putArray("ignored")::add);
        }
      }
      Json.print(out, doc);
      return 0;
    }
    Table table =
        new Table("TARGET", dryRun.dryRun ? "WOULD PRUNE" : "PRUNED", "KEPT", "LEFTOVERS");
    for (PruneResult r : results) {
      table.row(r.target(), r.pruned().size(), r.retained().size(), r.leftovers().size());
    }
    table.print(out);
    for (PruneResult r : results) {
      if (!r.ignored().isEmpty()) {
        out.printf(
            "%s: %d not counted or removed (untrusted, unreadable, or stamps that do "
                + "not fit or lie beyond the clock; see 'backup list')%n",
            Table.printable(r.target().toString()), r.ignored().size());
      }
    }
    if (dryRun.dryRun) {
      for (PruneResult r : results) {
        for (Removal m : removals(r, now, age)) {
          out.printf(
              "would remove %s (%s)%n",
              Table.printable(r.target().resolveSibling(m.backup()).toString()),
              String.join(
                  ", ",
                  m.reasons().stream().map(reason -> describe(reason, keep, maxAge)).toList()));
        }
      }
      out.println("(dry run: nothing was removed)");
      out.flush();
    }
    return 0;
  }

  /**
   * Why each snapshot in {@code r.pruned()} goes: its place among the complete snapshots (newest
   * first) is beyond {@code --keep}, and/or it is older than {@code --max-age}.
   */
  private List<Removal> removals(PruneResult r, Instant now, Duration age) {
    List<SnapshotEntry> all =
        Stream.concat(r.pruned().stream(), r.retained().stream())
            .sorted(Comparator.comparingLong(SnapshotEntry::stamp).reversed())
            .toList();
    List<Removal> removals = new ArrayList<>();
    for (SnapshotEntry e : r.pruned()) {
      List<Reason> reasons = new ArrayList<>();
      if (keep != null && all.indexOf(e) >= keep) {
        reasons.add(Reason.COUNT);
      }
      if (age != null && e.stamp() < now.minus(age).toEpochMilli()) {
        reasons.add(Reason.AGE);
      }
      removals.add(new Removal(e.payload().getFileName().toString(), e.stamp(), reasons));
    }
    for (String leftover : r.leftovers()) {
      removals.add(new Removal(leftover, null, List.of(Reason.LEFTOVER)));
    }
    return removals;
  }

  private static String describe(Reason reason, Integer keep, String maxAge) {
    return switch (reason) {
      case COUNT -> "count: beyond the newest " + keep;
      case AGE -> "age: older than " + maxAge;
      case LEFTOVER -> "leftover of an interrupted snapshot or restore";
    };
  }

  /** A duration such as {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s}; else a usage error. */
  static Duration parseDuration(BaseCommand command, String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw command.usage(
          "--max-age (%s) must be a positive number with a unit d, h, m or s, e.g. 30d", text);
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
