package io.backupsidecar.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.SchemaVersion;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Snapshot;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code backup snapshot}: take snapshots. */
@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    description = "Snapshot each PATH (a file, a symlink or an absent path) beside itself.")
final class SnapshotCommand extends BaseCommand {

  @Option(names = "--no-durability", description = "Skip flushes (faster; backup_durable=false).")
  boolean noDurability;

  @Option(
      names = "--sidecar-version",
      paramLabel = "2|3",
      defaultValue = "3",
      description =
          "Sidecar schema to write: 3 (ours) or 2 (byte for byte as switchyard "
              + "writes: backup_meta.v2 for a file, v1 for a symlink or an absent path). Default: 3.")
  int sidecarVersion;

  @Mixin Mixins.DryRunFlag dryRun;
  @Mixin Mixins.JsonFlag json;
  @Mixin Mixins.TargetsParameter targets;
  @Mixin RetentionOptions retention;

  @Override
  int run(Cli cli) throws Exception {
    if (sidecarVersion != 2 && sidecarVersion != 3) {
      throw usage("--sidecar-version (%d) must be 2 or 3", sidecarVersion);
    }
    Backup backup =
        cli.backup(
            Cli.policy(
                common,
                b ->
                    retention
                        .apply(b, this)
                        .requireBackupDurability(!noDurability)
                        .sidecarVersion(SchemaVersion.ofNumber(sidecarVersion))),
            common.emitter(cli));
    List<Path> paths = targets.paths.stream().map(cli::path).toList();
    paths.forEach(p -> cli.expect("copy", p));
    List<Snapshot> taken = (dryRun.dryRun ? backup.dryRun() : backup).snapshot(paths);
    cli.progressDone();
    if (json.json) {
      ObjectNode doc = Json.command("snapshot").put("dry_run", dryRun.dryRun);
      ArrayNode array = doc.putArray("snapshots");
      for (Snapshot s : taken) {
        ObjectNode o =
            array
                .addObject()
                .put("target", s.target().toString())
                .put("prior_kind", s.sidecar().priorKind().wireName())
                .put("backup", s.payload().getFileName().toString())
                .put("stamp", s.name().stamp())
                .put("bytes", s.bytes())
                .put("backup_durable", s.durable());
        if (s.sidecar().prior() instanceof Sidecar.PriorFile f && f.payloadHash() != null) {
          o.put("payload_hash", f.payloadHash().hex()).put("hash_alg", "sha256");
        }
      }
      Json.print(common.human(cli), doc);
    } else {
      Table table = new Table("TARGET", "KIND", "BACKUP", "BYTES", "DURABLE");
      for (Snapshot s : taken) {
        table.row(
            s.target(),
            s.sidecar().priorKind().wireName(),
            s.payload().getFileName(),
            s.bytes(),
            s.durable() ? "yes" : "NO");
      }
      table.print(common.human(cli));
      if (dryRun.dryRun) {
        common.human(cli).println("(dry run: nothing was written)");
      }
    }
    return 0;
  }
}
