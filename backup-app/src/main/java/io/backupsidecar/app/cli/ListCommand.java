package io.backupsidecar.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.SnapshotListing;
import java.io.PrintWriter;
import java.nio.file.Path;
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
    // Reading and decoding the sidecars is the work of a long list: spread over the cores,
    // in order.
    long now = cli.clock.millis();
    List<ListRow> rows =
        listing.entries().parallelStream().map(e -> ListRow.of(backup, e, now)).toList();
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
}
