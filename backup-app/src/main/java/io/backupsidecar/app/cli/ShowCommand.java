package io.backupsidecar.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.model.SnapshotListing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code backup show}: one snapshot's sidecar. A read-only command: it shows what it found,
 * and says with a warning on stderr when a restore would not use it (not trusted, not valid,
 * its payload consumed), instead of failing as a restore would.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Print the sidecar of the snapshot 'restore' would take (the newest complete "
        + "one that is not a restore's capture), or of --at MILLIS. When restore would take "
        + "none, the newest sidecar found is shown, with a warning saying why restore would not "
        + "use it.")
final class ShowCommand extends BaseCommand {
  private static final int MAX_SIDECAR_BYTES = 1 << 20;

  @Option(names = "--json", description = "Print one JSON document.")
  boolean json;

  @Option(names = "--at", paramLabel = "MILLIS", description = "The snapshot's stamp.")
  Long at;

  @Option(names = "--trust-foreign-sidecars",
      description = "Judge sidecars owned by another user (not root, not you) or writable by "
          + "group or others as restore --trust-foreign-sidecars would: as trusted.")
  boolean trustForeign;

  @Parameters(index = "0", paramLabel = "PATH", description = "The target.")
  String path;

  @Override
  int run(Cli cli) throws Exception {
    Policy policy = Cli.policy(common, b -> b.trustForeignSidecars(trustForeign));
    Backup backup = cli.backup(policy, common.emitter(cli));
    Path target = cli.path(path);
    List<String> warnings = new ArrayList<>();
    Optional<SnapshotEntry> entry = choose(backup, target, warnings);
    if (entry.isEmpty()) {
      throw new BackupException(ErrorId.E_BACKUP_MISSING, target, String.format(
          "no snapshot%s of %s with tag '%s'; run 'backup list --tag %s %s' to see what exists",
          at == null ? "" : " at " + at, target, policy.tag(), policy.tag(), target));
    }
    SnapshotEntry shown = entry.get();
    backup.trustProblem(shown, true).ifPresent(problem -> warnings.add(
        "restore would not use this sidecar: " + problem));
    if (shown.state() == SnapshotEntry.State.CONSUMED) {
      warnings.add(String.format("its payload %s is gone (consumed: switchyard's restore moves "
          + "or deletes it)", shown.payload().getFileName()));
    }
    Path sidecar = shown.sidecar();
    // the display reads the bytes as they are; restore and verify judge them
    if (!Files.isRegularFile(sidecar, LinkOption.NOFOLLOW_LINKS)
        || Files.size(sidecar) > MAX_SIDECAR_BYTES) {
      throw new BackupException(ErrorId.E_GENERIC, sidecar,
          String.format("%s is not a readable sidecar file", sidecar));
    }
    byte[] bytes = Files.readAllBytes(sidecar);
    for (String w : warnings) {
      cli.err.println("warning: " + Table.printable(w));
    }
    cli.err.flush();
    if (json) {
      ObjectNode doc = Json.object()
          .put("target", target.toString())
          .put("backup", shown.payload().toString())
          .put("sidecar_path", sidecar.toString())
          .put("state", shown.state().name().toLowerCase(java.util.Locale.ROOT));
      try {
        JsonNode parsed = Json.MAPPER.readTree(bytes);
        doc.set("sidecar", parsed);
      } catch (java.io.IOException e) {
        doc.put("sidecar_text", new String(bytes, StandardCharsets.UTF_8));
      }
      warnings.forEach(doc.putArray("warnings")::add);
      Json.print(common.human(cli), doc);
    } else {
      common.human(cli).printf("# %s%n%s%n", Table.printable(sidecar.toString()),
          new String(bytes, StandardCharsets.UTF_8));
    }
    return 0;
  }

  /**
   * The snapshot restore would take; failing that (none, or a sidecar on the way it cannot
   * use), the newest one with a sidecar, with a warning saying so.
   */
  private Optional<SnapshotEntry> choose(Backup backup, Path target, List<String> warnings)
      throws BackupException {
    SnapshotListing listing = backup.list(target);
    if (at != null) {
      return listing.committedAt(at);
    }
    try {
      Optional<SnapshotEntry> chosen = backup.select(target, Selection.latest());
      if (chosen.isPresent()) {
        // say what restore passed over on the way (untrusted, unreadable sidecars)
        for (SnapshotEntry newer : listing.committed()) {
          if (newer.stamp() <= chosen.get().stamp()) {
            break;
          }
          backup.trustProblem(newer, true).ifPresent(problem -> warnings.add(String.format(
              "a newer sidecar is ignored (show it with --at %d): %s", newer.stamp(), problem)));
        }
        return chosen;
      }
    } catch (BackupException e) {
      warnings.add(e.getMessage());
    }
    Optional<SnapshotEntry> newest = listing.committed().stream().findFirst();
    newest.ifPresent(e -> warnings.add(String.format(
        "restore would take no snapshot of %s; showing the newest sidecar found", target)));
    return newest;
  }
}
