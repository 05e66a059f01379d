package io.backupsidecar.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.domain.model.BackupName;
import io.backupsidecar.domain.model.ExaminedSnapshot;
import io.backupsidecar.domain.model.PriorKind;
import io.backupsidecar.domain.model.SchemaVersion;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SnapshotEntry;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One line of {@code backup list}, typed, with its two renderings: a table row for people and a
 * JSON object for scripts.
 *
 * @param entry the snapshot as found on disk
 * @param state what it is
 * @param kind the prior kind its sidecar records, or {@code null} when unread
 * @param bytes the prior size, or {@code null} when unknown
 * @param problem why it cannot be restored or is not believed, or {@code null}
 * @param trusted whether latest, previous, retention and the next stamp may count it: its sidecar
 *     is owned by root or the caller and writable by nobody else, and its stamp is not beyond the
 *     clock (an untrusted entry is listed, never acted on)
 */
record ListRow(
    SnapshotEntry entry, State state, PriorKind kind, Long bytes, String problem, boolean trusted) {

  /** What a listed snapshot is; the JSON {@code state} is its wire name. */
  enum State {
    COMPLETE("complete", "complete"),
    RESTORE_CAPTURE("restore_capture", "complete (restore capture)"),
    INCOMPLETE("incomplete", "INCOMPLETE"),
    MISSING_PAYLOAD("missing_payload", "MISSING PAYLOAD"),
    CONSUMED("consumed", "consumed"),
    CONSUMED_FILE("consumed", "consumed (not restorable)"),
    UNREADABLE_SIDECAR("unreadable_sidecar", "UNREADABLE SIDECAR");

    final String wireName;
    final String display;

    State(String wireName, String display) {
      this.wireName = wireName;
      this.display = display;
    }
  }

  /** The row of an examined entry: its sidecar read once, and whether restore would count it. */
  static ListRow of(ExaminedSnapshot x, long now) {
    SnapshotEntry e = x.entry();
    if (e.state() == SnapshotEntry.State.INCOMPLETE) {
      return new ListRow(e, State.INCOMPLETE, null, null, "payload without sidecar", false);
    }
    if (x.unreadable() != null) {
      return new ListRow(
          e, State.UNREADABLE_SIDECAR, null, null, x.unreadable().getMessage(), false);
    }
    Sidecar s = x.sidecar();
    Long bytes = s.prior() instanceof Sidecar.PriorFile f ? f.size() : Long.valueOf(0);
    State state;
    if (e.state() == SnapshotEntry.State.CONSUMED && s.schema() == SchemaVersion.V3) {
      // only this tool writes v3, and it never consumes a payload: this one was lost
      return new ListRow(
          e, State.MISSING_PAYLOAD, s.priorKind(), bytes, "sidecar without payload", false);
    } else if (e.state() == SnapshotEntry.State.CONSUMED) {
      // switchyard's restore consumed the payload: the sidecar alone restores a symlink or none
      state = s.priorKind() == PriorKind.FILE ? State.CONSUMED_FILE : State.CONSUMED;
    } else {
      state = s.isRestoreCapture() ? State.RESTORE_CAPTURE : State.COMPLETE;
    }
    String problem = x.untrusted() == null ? null : x.untrusted().getMessage();
    if (problem == null && !BackupName.isBelievable(e.stamp(), now)) {
      problem =
          String.format(
              "stamp %d is more than a day ahead of the clock: not believed "
                  + "as the newest (a restore can still take it by its stamp)",
              e.stamp());
    }
    return new ListRow(e, state, s.priorKind(), bytes, problem, problem == null);
  }

  /** STAMP, TIME, KIND, BYTES, STATE, BACKUP. */
  Object[] cells() {
    return new Object[] {
      entry.stamp(),
      time(entry.stamp()),
      kind == null ? "-" : kind.wireName(),
      bytes == null ? "-" : bytes,
      (trusted || problem == null ? "" : "UNTRUSTED ") + state.display,
      entry.name().payloadFileName()
    };
  }

  /** The last millisecond {@link #time} formats itself: 9999-12-31T23:59:59.999Z. */
  private static final long LAST_FOUR_DIGIT_YEAR = 253_402_300_799_999L;

  private static final long MILLIS_PER_DAY = 86_400_000L;

  /**
   * {@code Instant.ofEpochMilli(stamp).toString()} (ISO-8601 UTC, milliseconds only when not zero),
   * written directly for the years 1970 to 9999: the time of every row of a long list, which the
   * formatter took 2-3% of the run to write. Any other stamp goes to {@link Instant#toString()}.
   */
  static String time(long stamp) {
    if (stamp < 0 || stamp > LAST_FOUR_DIGIT_YEAR) {
      return Instant.ofEpochMilli(stamp).toString();
    }
    int ofDay = (int) (stamp % MILLIS_PER_DAY);
    StringBuilder b = new StringBuilder(24);
    b.append(LocalDate.ofEpochDay(stamp / MILLIS_PER_DAY)).append('T');
    twoDigits(b, ofDay / 3_600_000).append(':');
    twoDigits(b, ofDay / 60_000 % 60).append(':');
    twoDigits(b, ofDay / 1000 % 60);
    int millis = ofDay % 1000;
    if (millis != 0) {
      b.append('.').append((char) ('0' + millis / 100));
      twoDigits(b, millis % 100);
    }
    return b.append('Z').toString();
  }

  private static StringBuilder twoDigits(StringBuilder b, int value) {
    return b.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }

  static Table table() {
    return new Table("STAMP", "TIME", "KIND", "BYTES", "STATE", "BACKUP");
  }

  /** The same fields as the facts: {@code stamp}, {@code backup} (a file name), ... */
  ObjectNode toJson() {
    ObjectNode o =
        Json.object()
            .put("stamp", entry.stamp())
            .put("time", time(entry.stamp()))
            .put("state", state.wireName)
            .put("complete", entry.isComplete())
            .put("trusted", trusted)
            .put("backup", entry.name().payloadFileName());
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
