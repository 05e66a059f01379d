package io.backupsidecar.app.cli;

import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.NoSnapshot;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.SidecarProblem;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.model.SnapshotListing;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * Which snapshot a command takes ({@code restore}, {@code show}, {@code cat}, {@code diff}): the
 * latest by default, or {@code --previous}, {@code --at STAMP|PREFIX|@N}, {@code --before TIME}.
 * Used as an exclusive picocli argument group.
 */
final class SnapshotChoice {
  private static final Pattern INDEX = Pattern.compile("@([0-9]{1,6})");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");
  private static final int SHOWN_CANDIDATES = 5;

  @Option(names = "--previous", description = "The second newest snapshot (same as --at @1).")
  boolean previous;

  @Option(
      names = "--at",
      paramLabel = "STAMP|PREFIX|@N",
      description =
          "A snapshot by its stamp (as 'backup list' shows it), a unique prefix of "
              + "one, or by index: @0 the latest, @1 the previous, @2 the one before... (indexes "
              + "count the snapshots 'restore' chooses from, without a restore's captures; a stamp "
              + "or prefix may name a capture).")
  String at;

  @Option(
      names = "--before",
      paramLabel = "TIME",
      description =
          "The newest snapshot taken before TIME, e.g. 2026-11-24T14:00 or "
              + "2026-11-24 (local time), 2026-11-24T14:00Z, 2026-11-24T14:00+01:00.")
  String before;

  /** The selection {@code choice} (null: none given, the latest) names for {@code target}. */
  static Selection resolve(SnapshotChoice choice, Backup backup, Path target, ZoneId zone)
      throws BackupException {
    if (choice == null || !choice.previous && choice.at == null && choice.before == null) {
      return Selection.latest();
    }
    if (choice.previous) {
      return Selection.previous();
    }
    if (choice.at != null) {
      return at(choice.at.trim(), backup, target);
    }
    return before(choice.before.trim(), backup, target, zone);
  }

  private static Selection at(String text, Backup backup, Path target) throws BackupException {
    Matcher index = INDEX.matcher(text);
    if (index.matches()) {
      int n = Integer.parseInt(index.group(1));
      if (n == 0) {
        return Selection.latest();
      }
      if (n == 1) {
        return Selection.previous();
      }
      SnapshotListing listing = backup.list(target);
      List<SnapshotEntry> restorable =
          listing.complete().stream().filter(e -> !isCapture(backup, e)).limit(n + 1L).toList();
      if (restorable.size() <= n) {
        throw missing(
            target, listing, String.format("numbered @%d (there are %d)", n, restorable.size()));
      }
      return Selection.at(restorable.get(n).stamp());
    }
    if (!DIGITS.matcher(text).matches()) {
      throw new BackupException(
          ErrorId.E_USAGE,
          target,
          String.format(
              "--at (%s) must be a stamp, the first digits of one, or @N (@0 the latest, @1 the "
                  + "previous)",
              text));
    }
    SnapshotListing listing = backup.list(target);
    List<SnapshotEntry> complete = listing.complete();
    for (SnapshotEntry e : complete) {
      if (Long.toString(e.stamp()).equals(text)) {
        return Selection.at(e.stamp());
      }
    }
    List<SnapshotEntry> matching =
        complete.stream().filter(e -> Long.toString(e.stamp()).startsWith(text)).toList();
    if (matching.isEmpty()) {
      throw missing(target, listing, "whose stamp is or starts with " + text);
    }
    if (matching.size() > 1) {
      throw new BackupException(
          ErrorId.E_USAGE,
          target,
          String.format(
              "--at %s is ambiguous: %d snapshots of %s have a stamp starting so (%s%s); give more "
                  + "digits",
              text,
              matching.size(),
              target,
              matching.stream()
                  .limit(SHOWN_CANDIDATES)
                  .map(e -> Long.toString(e.stamp()))
                  .collect(Collectors.joining(", ")),
              matching.size() > SHOWN_CANDIDATES ? ", ..." : ""));
    }
    return Selection.at(matching.get(0).stamp());
  }

  private static Selection before(String text, Backup backup, Path target, ZoneId zone)
      throws BackupException {
    Instant limit = parseTime(text, zone, target);
    SnapshotListing listing = backup.list(target);
    for (SnapshotEntry e : listing.complete()) {
      if (e.stamp() < limit.toEpochMilli()) {
        return Selection.at(e.stamp());
      }
    }
    throw missing(target, listing, "taken before " + limit);
  }

  /** ISO-8601 with or without a zone; without one, {@code zone}'s local time. */
  static Instant parseTime(String text, ZoneId zone, Path target) throws BackupException {
    String t = text.replace(' ', 'T');
    try {
      return ZonedDateTime.parse(t).toInstant();
    } catch (DateTimeException e) {
      // next form
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeException e) {
      // next form
    }
    try {
      return LocalDateTime.parse(t).atZone(zone).toInstant();
    } catch (DateTimeException e) {
      // next form
    }
    try {
      return LocalDate.parse(t).atStartOfDay(zone).toInstant();
    } catch (DateTimeException e) {
      throw new BackupException(
          ErrorId.E_USAGE,
          target,
          String.format(
              "--before (%s) must be a time such as 2026-11-24T14:00 (local time), "
                  + "2026-11-24T14:00Z or 2026-11-24",
              text));
    }
  }

  private static boolean isCapture(Backup backup, SnapshotEntry e) {
    try {
      return backup.read(e).isRestoreCapture();
    } catch (SidecarProblem p) {
      return true; // unreadable: never counted, as latest and previous do not count it
    }
  }

  private static BackupException missing(Path target, SnapshotListing listing, String which) {
    return NoSnapshot.of(target, listing.tag(), which, "");
  }
}
