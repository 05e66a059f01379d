package io.backupsidecar.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.NoSnapshot;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.model.SnapshotListing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code backup show}: one snapshot's sidecar. A read-only command: it shows what it found, and
 * says with a warning on stderr when a restore would not use it (not trusted, not valid, its
 * payload consumed), instead of failing as a restore would.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description =
        "Print the sidecar of the snapshot 'restore' would take (the newest complete "
            + "one that is not a restore's capture), or of the one --previous, --at or --before "
            + "names. When restore would take none, the newest sidecar found is shown, with a "
            + "warning saying why restore would not use it.")
final class ShowCommand extends BaseCommand {
  private static final int MAX_SIDECAR_BYTES = Sidecar.MAX_BYTES;

  @Mixin Mixins.JsonFlag json;

  @ArgGroup(exclusive = true)
  SnapshotChoice choice;

  @Mixin Mixins.TargetParameter path;

  @Mixin Mixins.TrustForeignFlag trust;

  @Override
  int run(Cli cli) throws Exception {
    Policy policy = Cli.policy(common, b -> b.trustForeignSidecars(trust.trustForeign));
    Backup backup = cli.backup(policy, common.emitter(cli));
    Path target = cli.target(path.path, "show");
    List<String> warnings = new ArrayList<>();
    Optional<SnapshotEntry> entry = choose(backup, target, warnings, cli);
    if (entry.isEmpty()) {
      throw NoSnapshot.of(target, policy.tag(), "as chosen", "");
    }
    SnapshotEntry shown = entry.get();
    backup
        .trustProblem(shown)
        .ifPresent(
            problem ->
                warnings.add("restore would not use this sidecar: " + Hints.sidecar(problem)));
    if (shown.state() == SnapshotEntry.State.CONSUMED) {
      warnings.add(
          String.format(
              "its payload %s is gone (consumed: switchyard's restore moves " + "or deletes it)",
              shown.payload().getFileName()));
    }
    Path sidecar = shown.sidecar();
    // the display reads the bytes as they are; restore and verify judge them
    byte[] bytes;
    try {
      bytes = backup.sidecarBytes(shown, MAX_SIDECAR_BYTES);
    } catch (java.io.IOException e) {
      throw new BackupException(
          ErrorId.E_GENERIC,
          sidecar,
          Errors.inWords(String.format("%s is not a readable sidecar file: %s", sidecar, e)),
          e);
    }
    for (String w : warnings) {
      cli.err.println("warning: " + Table.printable(w));
    }
    cli.err.flush();
    if (json.json) {
      ObjectNode doc =
          Json.command("show")
              .put("target", target.toString())
              .put("backup", shown.payload().getFileName().toString())
              .put("stamp", shown.stamp())
              .put("sidecar_file", sidecar.getFileName().toString());
      try {
        JsonNode parsed = Json.MAPPER.readTree(bytes);
        doc.set("sidecar", parsed);
      } catch (java.io.IOException e) {
        doc.put("sidecar_text", new String(bytes, StandardCharsets.UTF_8));
      }
      warnings.forEach(doc.putArray("warnings")::add);
      Json.print(common.human(cli), doc);
    } else {
      common
          .human(cli)
          .printf(
              "# %s%n%s%n",
              Table.printable(sidecar.toString()), new String(bytes, StandardCharsets.UTF_8));
    }
    return 0;
  }

  /**
   * The snapshot restore would take; failing that (none, or a sidecar on the way it cannot use),
   * the newest one with a sidecar, with a warning saying so.
   */
  private Optional<SnapshotEntry> choose(Backup backup, Path target, List<String> warnings, Cli cli)
      throws BackupException {
    SnapshotListing listing = backup.list(target);
    if (choice != null && choice.at != null && choice.at.trim().matches("[0-9]{13,19}")) {
      // an exact stamp shows that sidecar whatever restore would think of it (with a warning)
      Optional<SnapshotEntry> exact = listing.committedAt(Long.parseLong(choice.at.trim()));
      if (exact.isPresent()) {
        return exact;
      }
    }
    Selection selection = SnapshotChoice.resolve(choice, backup, target, cli.zone());
    if (!(selection instanceof Selection.Latest)) {
      return backup.select(target, selection);
    }
    try {
      Optional<SnapshotEntry> chosen = backup.select(target, Selection.latest());
      if (chosen.isPresent()) {
        // say what restore passed over on the way (untrusted, unreadable sidecars)
        for (SnapshotEntry newer : listing.committed()) {
          if (newer.stamp() <= chosen.get().stamp()) {
            break;
          }
          backup
              .trustProblem(newer)
              .ifPresent(
                  problem ->
                      warnings.add(
                          String.format(
                              "a newer sidecar is ignored (show it with --at %d): %s",
                              newer.stamp(), Hints.sidecar(problem))));
        }
        return chosen;
      }
    } catch (BackupException e) {
      warnings.add(Hints.message(e, backup.policy().tag().value()));
    }
    Optional<SnapshotEntry> newest = listing.committed().stream().findFirst();
    newest.ifPresent(
        e ->
            warnings.add(
                String.format(
                    "restore would take no snapshot of %s; showing the newest sidecar found",
                    target)));
    return newest;
  }
}
