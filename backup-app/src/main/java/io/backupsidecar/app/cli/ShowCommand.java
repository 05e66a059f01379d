package io.backupsidecar.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.SnapshotEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code backup show}: one snapshot's sidecar. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Print the sidecar of the snapshot 'restore' would take (the newest complete "
        + "one that is not a restore's capture), or of the one --previous, --at or --before "
        + "names.")
final class ShowCommand extends BaseCommand {
  private static final int MAX_SIDECAR_BYTES = 1 << 20;

  @Mixin Mixins.JsonFlag json;
  @ArgGroup(exclusive = true) SnapshotChoice choice;
  @Mixin Mixins.TargetParameter path;

  @Override
  int run(Cli cli) throws Exception {
    Policy policy = Cli.policy(common, b -> b);
    Backup backup = cli.backup(policy, common.emitter(cli));
    Path target = cli.target(path.path, "show");
    Selection selection = SnapshotChoice.resolve(choice, backup, target, cli.zone());
    Optional<SnapshotEntry> entry = backup.select(target, selection);
    if (entry.isEmpty()) {
      throw new BackupException(ErrorId.E_BACKUP_MISSING, target, String.format(
          "no complete snapshot (%s) of %s with tag '%s'; run 'backup list --tag %s %s' to see "
              + "what exists", selection, target, policy.tag(), policy.tag(), target));
    }
    Path sidecar = entry.get().sidecar();
    // the display reads the bytes as they are; restore and verify judge them
    if (!Files.isRegularFile(sidecar, LinkOption.NOFOLLOW_LINKS)
        || Files.size(sidecar) > MAX_SIDECAR_BYTES) {
      throw new BackupException(ErrorId.E_GENERIC, sidecar,
          String.format("%s is not a readable sidecar file", sidecar));
    }
    byte[] bytes = Files.readAllBytes(sidecar);
    if (json.json) {
      ObjectNode doc = Json.command("show")
          .put("target", target.toString())
          .put("backup", entry.get().payload().getFileName().toString())
          .put("stamp", entry.get().stamp())
          .put("sidecar_file", sidecar.getFileName().toString());
      try {
        JsonNode parsed = Json.MAPPER.readTree(bytes);
        doc.set("sidecar", parsed);
      } catch (java.io.IOException e) {
        doc.put("sidecar_text", new String(bytes, StandardCharsets.UTF_8));
      }
      Json.print(common.human(cli), doc);
    } else {
      common.human(cli).printf("# %s%n%s%n", Table.printable(sidecar.toString()),
          new String(bytes, StandardCharsets.UTF_8));
    }
    return 0;
  }
}
