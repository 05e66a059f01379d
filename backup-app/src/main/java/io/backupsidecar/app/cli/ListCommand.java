package io.backupsidecar.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ExaminedSnapshot;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.model.SnapshotListing;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code backup list}: a target's snapshots, newest first. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description =
        "List the snapshots of PATH, newest first; incomplete ones are marked and "
            + "are never restored, consumed ones (a sidecar whose payload switchyard's restore "
            + "took) are marked, and so are sidecars restore would not trust and names whose "
            + "stamp does not fit (listed as ignored).")
final class ListCommand extends BaseCommand {
  @Mixin Mixins.JsonFlag json;
  @Mixin Mixins.TargetParameter target;

  @Override
  int run(Cli cli) throws Exception {
    Policy policy = Cli.policy(common, b -> b);
    Backup backup = cli.backup(policy, common.emitter(cli));
    Path path = cli.target(target.path, "list");
    SnapshotListing listing = backup.list(path);
    Cli.requireKnown(listing);
    long now = cli.clock.millis();
    List<ListRow> rows = new ArrayList<>(listing.entries().size());
    for (ExaminedSnapshot x : examineAll(backup, listing.entries())) {
      rows.add(ListRow.of(x, now));
    }
    List<String> ignored =
        listing.unfitStamps().stream()
            .map(
                n ->
                    n
                        + ": its stamp does not fit the stamp rule (1 to 19 digits, no leading "
                        + "zero); never restored, counted or pruned")
            .toList();
    PrintWriter out = common.human(cli);
    if (json.json) {
      // Jackson's databind is loaded for --json only: it is a tenth of a plain list's start-up.
      ObjectNode doc =
          Json.command("list").put("target", path.toString()).put("tag", policy.tag().value());
      ArrayNode array = doc.putArray("snapshots");
      rows.forEach(r -> array.add(r.toJson()));
      if (!ignored.isEmpty()) {
        ignored.forEach(doc.putArray("ignored")::add);
      }
      Json.print(out, doc);
    } else if (rows.isEmpty()) {
      out.printf(
          "no snapshots of %s with tag '%s'%n", Table.printable(path.toString()), policy.tag());
    } else {
      Table table = ListRow.table();
      rows.forEach(r -> table.row(r.cells()));
      table.print(out);
    }
    if (!json.json) {
      ignored.forEach(i -> out.println("ignored " + Table.printable(i)));
    }
    return 0;
  }

  /** What one chunk gave: its examined entries, or how it failed. */
  private record Part(List<ExaminedSnapshot> examined, BackupException failed) {}

  /**
   * Reading and decoding the sidecars is the work of a long list: a few chunks in parallel, each
   * read in one hold of the directory, results in order.
   */
  private static List<ExaminedSnapshot> examineAll(Backup backup, List<SnapshotEntry> entries)
      throws BackupException {
    int chunks = Math.min(Runtime.getRuntime().availableProcessors(), (entries.size() + 511) / 512);
    if (chunks <= 1) {
      return backup.examine(entries);
    }
    int size = (entries.size() + chunks - 1) / chunks;
    List<List<SnapshotEntry>> parts = new ArrayList<>();
    for (int i = 0; i < entries.size(); i += size) {
      parts.add(entries.subList(i, Math.min(entries.size(), i + size)));
    }
    List<Part> done =
        parts.parallelStream()
            .map(
                part -> {
                  try {
                    return new Part(backup.examine(part), null);
                  } catch (BackupException e) {
                    return new Part(List.of(), e);
                  }
                })
            .toList();
    List<ExaminedSnapshot> all = new ArrayList<>(entries.size());
    for (Part part : done) {
      if (part.failed() != null) {
        throw part.failed();
      }
      all.addAll(part.examined());
    }
    return all;
  }
}
