package io.backupsidecar.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.PriorKind;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.service.SnapshotCatalog;
import java.time.Instant;

/**
 * One line of {@code backup list}, typed, with its two renderings: a table row for people and
 * a JSON object for scripts.
 *
 * @param entry the snapshot as found on disk
 * @param state what it is
 * @param kind the prior kind its sidecar records, or {@code null} when unread
 * @param bytes the prior size, or {@code null} when unknown
 * @param problem why it cannot be restored, or {@code null}
 */
record ListRow(SnapshotEntry entry, State state, PriorKind kind, Long bytes, String problem) {

  /** What a listed snapshot is; the JSON {@code state} is its wire name. */
  enum State {
    COMPLETE("complete", "complete"),
    RESTORE_CAPTURE("restore_capture", "complete (restore capture)"),
    INCOMPLETE("incomplete", "INCOMPLETE"),
    MISSING_PAYLOAD("missing_payload", "MISSING PAYLOAD"),
    UNREADABLE_SIDECAR("unreadable_sidecar", "UNREADABLE SIDECAR");

    final String wireName;
    final String display;

    State(String wireName, String display) {
      this.wireName = wireName;
      this.display = display;
    }
  }

  /** Reads the entry's sidecar where there is one (the costly part of a long list). */
  static ListRow of(Backup backup, SnapshotEntry e) {
    switch (e.state()) {
      case INCOMPLETE:
        return new ListRow(e, State.INCOMPLETE, null, null, "payload without sidecar");
      case MISSING_PAYLOAD:
        return new ListRow(e, State.MISSING_PAYLOAD, null, null, "sidecar without payload");
      default:
        break;
    }
    try {
      Sidecar s = backup.read(e);
      Long bytes = s.prior() instanceof Sidecar.PriorFile f ? f.size() : Long.valueOf(0);
      return new ListRow(e, s.isRestoreCapture() ? State.RESTORE_CAPTURE : State.COMPLETE,
          s.priorKind(), bytes, null);
    } catch (SnapshotCatalog.SidecarProblem p) {
      return new ListRow(e, State.UNREADABLE_SIDECAR, null, null, p.getMessage());
    }
  }

  /** STAMP, TIME, KIND, BYTES, STATE, BACKUP. */
  Object[] cells() {
    return new Object[] {entry.stamp(), Instant.ofEpochMilli(entry.stamp()),
        kind == null ? "-" : kind.wireName(), bytes == null ? "-" : bytes, state.display,
        entry.payload().getFileName()};
  }

  static Table table() {
    return new Table("STAMP", "TIME", "KIND", "BYTES", "STATE", "BACKUP");
  }

  /** The same fields as the facts: {@code stamp}, {@code backup} (a file name), ... */
  ObjectNode toJson() {
    ObjectNode o = Json.object()
        .put("stamp", entry.stamp())
        .put("time", Instant.ofEpochMilli(entry.stamp()).toString())
        .put("state", state.wireName)
        .put("complete", entry.isComplete())
        .put("backup", entry.payload().getFileName().toString());
    if (kind != null) {
      o.put("prior_kind", kind.wireName());
    }
    if (bytes != null) {
      o.put("bytes", bytes);
    }
    if (problem != null) {
      o.put("problem", problem);
    }
    return o;
  }
}
