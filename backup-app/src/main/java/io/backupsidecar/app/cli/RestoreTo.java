package io.backupsidecar.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.domain.model.PriorKind;
import io.backupsidecar.domain.model.RestoredElsewhere;

/**
 * How {@code restore --to OTHER} reports what {@link io.backupsidecar.app.Backup#restoreTo} did: a
 * line for people, an object for {@code --json}.
 */
final class RestoreTo {
  private RestoreTo() {}

  static String describe(RestoredElsewhere r) {
    return String.format(
        "%s %s from snapshot %d of %s (%s%s)%s%s; %s and its snapshots were not touched",
        r.dryRun() ? "would restore" : "restored",
        Table.printable(r.to().toString()),
        r.entry().stamp(),
        Table.printable(r.target().toString()),
        r.kind().wireName(),
        r.verified() ? ", integrity verified" : "",
        r.ownerApplied() || r.dryRun() || r.kind() != PriorKind.FILE
            ? ""
            : " (owner not applied: only root may give a file away)",
        r.notRestored().isEmpty()
            ? ""
            : " (not restored: " + Table.printable(String.join(", ", r.notRestored())) + ")",
        Table.printable(r.target().toString()));
  }

  static ObjectNode toJson(RestoredElsewhere r) {
    ObjectNode doc =
        Json.command("restore")
            .put("target", r.target().toString())
            .put("to", r.to().toString())
            .put("outcome", r.dryRun() ? "planned" : "restored")
            .put("backup", r.entry().payload().getFileName().toString())
            .put("stamp", r.entry().stamp())
            .put("prior_kind", r.kind().wireName())
            .put("sidecar_integrity_verified", r.verified())
            .put("dry_run", r.dryRun());
    if (!r.notRestored().isEmpty()) {
      r.notRestored().forEach(doc.putArray("metadata_not_restored")::add);
    }
    return doc;
  }
}
