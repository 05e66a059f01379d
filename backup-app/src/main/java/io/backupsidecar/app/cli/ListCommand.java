package io.backupsidecar.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.BackupName;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.PriorKind;
import io.backupsidecar.domain.model.SchemaVersion;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.model.SnapshotListing;
import io.backupsidecar.domain.service.SnapshotCatalog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code backup list}: a target's snapshots, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the snapshots of PATH, newest first; incomplete ones are marked and "
        + "are never restored, consumed ones (a sidecar whose payload switchyard's restore "
        + "took) are marked, and so are sidecars restore would not trust and names whose "
        + "stamp does not fit (listed as ignored).")
final class ListCommand extends BaseCommand {

  @Option(names = "--json", description = "Print one JSON document.")
  boolean json;

  @Parameters(index = "0", paramLabel = "PATH", description = "The target.")
  String path;

  @Override
  int run(Cli cli) throws Exception {
    Policy policy = Cli.policy(common, b -> b);
    Backup backup = cli.backup(policy, common.emitter(cli));
    Path target = cli.path(path);
    SnapshotListing listing = backup.list(target);
    Table table = new Table("STAMP", "TIME", "KIND", "BYTES", "STATE", "BACKUP");
    // Jackson's databind is loaded for --json only: it is a tenth of a plain list's start-up.
    ArrayNode array = json ? Json.MAPPER.createArrayNode() : null;
    // Reading and decoding the sidecars is the work of a long list: spread over the cores,
    // in order (10,000 sidecars took 2.15 s of CPU in one thread).
    long now = cli.clock.millis();
    List<Row> rows = listing.entries().parallelStream().map(e -> describe(backup, e, now))
        .toList();
    for (int i = 0; i < rows.size(); i++) {
      SnapshotEntry e = listing.entries().get(i);
      Row row = rows.get(i);
      table.row(e.stamp(), Instant.ofEpochMilli(e.stamp()), row.kind, row.bytes, row.state,
          e.payload().getFileName());
      if (!json) {
        continue;
      }
      ObjectNode o = array.addObject()
          .put("stamp", e.stamp())
          .put("time", Instant.ofEpochMilli(e.stamp()).toString())
          .put("state", row.state)
          .put("complete", e.isComplete())
          .put("backup", e.payload().toString())
          .put("sidecar", e.sidecar().toString());
      if (!row.kind.equals("-")) {
        o.put("prior_kind", row.kind);
      }
      if (!row.bytes.equals("-")) {
        o.put("bytes", Long.parseLong(row.bytes));
      }
      if (row.problem != null) {
        o.put("problem", row.problem);
      }
    }
    List<String> ignored = listing.unfitStamps().stream()
        .map(n -> n + ": its stamp does not fit the stamp rule (1 to 19 digits, no leading "
            + "zero); never restored, counted or pruned")
        .toList();
    if (json) {
      ObjectNode doc = Json.object().put("target", target.toString())
          .put("tag", policy.tag().value());
      doc.set("snapshots", array);
      ignored.forEach(doc.putArray("ignored")::add);
      Json.print(common.human(cli), doc);
    } else {
      if (listing.entries().isEmpty()) {
        common.human(cli).printf("no snapshots of %s with tag '%s'%n", target, policy.tag());
      } else {
        table.print(common.human(cli));
      }
      ignored.forEach(i -> common.human(cli).println("ignored " + Table.printable(i)));
    }
    return 0;
  }

  private record Row(String kind, String bytes, String state, String problem) {}

  private static Row describe(Backup backup, SnapshotEntry e, long now) {
    if (e.state() == SnapshotEntry.State.INCOMPLETE) {
      return new Row("-", "-", "INCOMPLETE", "payload without sidecar");
    }
    Sidecar s;
    try {
      s = backup.read(e);
    } catch (SnapshotCatalog.SidecarProblem p) {
      return new Row("-", "-", "UNREADABLE SIDECAR", p.getMessage());
    }
    String bytes = s.prior() instanceof Sidecar.PriorFile f && f.size() != null
        ? Long.toString(f.size())
        : s.prior() instanceof Sidecar.PriorFile ? "-" : "0";
    String state;
    if (e.state() == SnapshotEntry.State.CONSUMED && s.schema() == SchemaVersion.V3) {
      // only this tool writes v3, and it never consumes a payload: this one was lost
      return new Row(s.priorKind().wireName(), bytes, "MISSING PAYLOAD",
          "sidecar without payload");
    } else if (e.state() == SnapshotEntry.State.CONSUMED) {
      state = s.priorKind() == PriorKind.FILE ? "consumed (not restorable)" : "consumed";
    } else {
      state = s.isRestoreCapture() ? "complete (restore capture)" : "complete";
    }
    String problem = backup.trustProblem(e, false).orElse(null);
    if (problem != null) {
      state = "UNTRUSTED " + state;
    } else if (!BackupName.isBelievable(e.stamp(), now)) {
      state = "BEYOND CLOCK " + state;
      problem = String.format("stamp %d is more than a day ahead of the clock: not believed "
          + "as the newest (a restore can still take it by its stamp)", e.stamp());
    }
    return new Row(s.priorKind().wireName(), bytes, state, problem);
  }
}
