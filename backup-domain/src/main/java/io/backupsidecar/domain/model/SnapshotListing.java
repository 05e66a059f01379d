package io.backupsidecar.domain.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The snapshots of one target with one tag, newest first, the leftovers of interrupted operations
 * (temporary files) that belong to it, and the names that look like its artifacts but whose stamp
 * does not fit the stamp rule ({@link BackupName#parseStamp}).
 *
 * @param target the target
 * @param tag the tag
 * @param entries every snapshot found, newest first
 * @param leftovers temporary artifacts of this target and tag
 * @param unfitStamps file names of this target and tag whose stamp does not fit the rule (leading
 *     zeros, too long): reported, never counted, selected or deleted
 */
public record SnapshotListing(
    Path target,
    Tag tag,
    List<SnapshotEntry> entries,
    List<ArtifactName> leftovers,
    List<String> unfitStamps) {

  /** Checks the parts and copies the lists. */
  public SnapshotListing {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(tag, "tag");
    entries = List.copyOf(entries);
    leftovers = List.copyOf(leftovers);
    unfitStamps = List.copyOf(unfitStamps);
  }

  /** A listing without names of unfit stamps. */
  public SnapshotListing(
      Path target, Tag tag, List<SnapshotEntry> entries, List<ArtifactName> leftovers) {
    this(target, tag, entries, leftovers, List.of());
  }

  /**
   * Builds the listing of {@code target} from the names found in its directory; names of other
   * targets, other tags and unrelated files are ignored. Any tag that can be read works (see {@link
   * BackupName#parse(String, String, Tag)}).
   */
  public static SnapshotListing of(Path target, Tag tag, Iterable<String> directoryNames) {
    String targetName = target.getFileName().toString();
    // every artifact of this target and tag starts so: other names are skipped unparsed, which
    // keeps a directory of many unrelated files (or other targets' snapshots) cheap; the stamps of
    // payloads and sidecars are read in place and paired after sorting (no object per name)
    String prefix = BackupName.prefix(targetName, tag);
    Stamps payloads = new Stamps();
    Stamps sidecars = new Stamps();
    List<ArtifactName> leftovers = new ArrayList<>();
    List<String> unfit = new ArrayList<>();
    for (String fileName : directoryNames) {
      if (!fileName.startsWith(prefix)) {
        continue;
      }
      ArtifactRole role = BackupName.roleOf(fileName, prefix.length());
      long stamp = role == null ? -1 : BackupName.stampOf(fileName, prefix.length(), role);
      if (stamp == BackupName.UNFIT_STAMP) {
        unfit.add(fileName);
      } else if (stamp < 0) {
        continue;
      } else if (role.isTemporary()) {
        BackupName.parse(fileName, targetName, tag).ifPresent(leftovers::add);
      } else {
        (role == ArtifactRole.PAYLOAD ? payloads : sidecars).add(stamp);
      }
    }
    List<SnapshotEntry> entries = entries(target, tag, payloads.sorted(), sidecars.sorted());
    leftovers.sort(Comparator.comparingLong((ArtifactName a) -> a.name().stamp()).reversed());
    unfit.sort(Comparator.naturalOrder());
    return new SnapshotListing(target, tag, entries, leftovers, unfit);
  }

  /**
   * Pairs the sorted stamps of payloads and sidecars (each stamp at most once in each: names in a
   * directory are unique) into entries, newest first.
   */
  private static List<SnapshotEntry> entries(
      Path target, Tag tag, long[] payloads, long[] sidecars) {
    String targetName = target.getFileName().toString();
    List<SnapshotEntry> entries = new ArrayList<>(Math.max(payloads.length, sidecars.length));
    int p = payloads.length - 1;
    int s = sidecars.length - 1;
    while (p >= 0 || s >= 0) {
      long stamp = Math.max(p >= 0 ? payloads[p] : -1, s >= 0 ? sidecars[s] : -1);
      boolean payload = p >= 0 && payloads[p] == stamp;
      boolean sidecar = s >= 0 && sidecars[s] == stamp;
      p -= payload ? 1 : 0;
      s -= sidecar ? 1 : 0;
      SnapshotEntry.State state =
          sidecar
              ? (payload ? SnapshotEntry.State.COMPLETE : SnapshotEntry.State.CONSUMED)
              : SnapshotEntry.State.INCOMPLETE;
      BackupName name;
      try {
        name = new BackupName(targetName, tag, stamp);
      } catch (IllegalArgumentException e) {
        continue; // a name too long for this stamp's digits: not one of ours
      }
      entries.add(new SnapshotEntry(target, name, state));
    }
    return entries;
  }

  /** A growing array of stamps. */
  private static final class Stamps {
    private long[] values = new long[16];
    private int size;

    void add(long stamp) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = stamp;
    }

    long[] sorted() {
      long[] out = Arrays.copyOf(values, size);
      Arrays.sort(out);
      return out;
    }
  }

  /** The complete snapshots, newest first. */
  public List<SnapshotEntry> complete() {
    return entries.stream().filter(SnapshotEntry::isComplete).toList();
  }

  /** The committed snapshots (complete or consumed: those with a sidecar), newest first. */
  public List<SnapshotEntry> committed() {
    return entries.stream().filter(SnapshotEntry::isCommitted).toList();
  }

  /**
   * The committed snapshots whose stamp is not beyond {@code nowMillis} plus {@link
   * BackupName#FUTURE_TOLERANCE_MILLIS}, newest first: the only ones believed for "newest".
   */
  public List<SnapshotEntry> believable(long nowMillis) {
    return entries.stream()
        .filter(e -> e.isCommitted() && BackupName.isBelievable(e.stamp(), nowMillis))
        .toList();
  }

  /** The committed snapshots stamped beyond what {@link #believable} accepts. */
  public List<SnapshotEntry> beyondTolerance(long nowMillis) {
    return entries.stream()
        .filter(e -> e.isCommitted() && !BackupName.isBelievable(e.stamp(), nowMillis))
        .toList();
  }

  /** The newest complete snapshot. */
  public Optional<SnapshotEntry> latest() {
    return entries.stream().filter(SnapshotEntry::isComplete).findFirst();
  }

  /** The second newest complete snapshot. */
  public Optional<SnapshotEntry> previous() {
    return entries.stream().filter(SnapshotEntry::isComplete).skip(1).findFirst();
  }

  /** The complete snapshot with exactly this stamp. */
  public Optional<SnapshotEntry> at(long stamp) {
    return entries.stream().filter(e -> e.isComplete() && e.stamp() == stamp).findFirst();
  }

  /** The committed (complete or consumed) snapshot with exactly this stamp. */
  public Optional<SnapshotEntry> committedAt(long stamp) {
    return entries.stream().filter(e -> e.isCommitted() && e.stamp() == stamp).findFirst();
  }

  /** The newest stamp of any artifact of this target and tag, complete or not. */
  public Optional<Long> newestStamp() {
    long newest = -1;
    for (SnapshotEntry e : entries) {
      newest = Math.max(newest, e.stamp());
    }
    for (ArtifactName a : leftovers) {
      newest = Math.max(newest, a.name().stamp());
    }
    return newest < 0 ? Optional.empty() : Optional.of(newest);
  }
}
