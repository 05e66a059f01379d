package io.backupsidecar.domain.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The snapshots of one target with one tag, newest first, the leftovers of interrupted operations
 * (temporary files) that belong to it, and the names that look like its artifacts but whose stamp
 * does not fit the stamp rule ({@link BackupName#parseStamp}).
 *
 * <p>A little over 250 lines: the reading of a directory's names into a listing ({@link #of}, in
 * chunks) stays beside the listing it builds.
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
    Scan scan = new Scan(target.getFileName().toString(), tag);
    Iterator<String> names = directoryNames.iterator();
    while (scan.take(names)) {
      // a chunk a call: see Scan
    }
    Pairing pairing = new Pairing(target, tag, scan.payloads.sorted(), scan.sidecars.sorted());
    while (pairing.take()) {
      // a chunk a call
    }
    scan.leftovers.sort(Comparator.comparingLong((ArtifactName a) -> a.name().stamp()).reversed());
    scan.unfit.sort(Comparator.naturalOrder());
    return new SnapshotListing(target, tag, pairing.entries, scan.leftovers, scan.unfit);
  }

  /**
   * How many names or stamps a call of {@link Scan#take} or {@link Pairing#take} handles. A command
   * lists a directory once, and a loop over its 30,000 names in a method called once runs in the
   * interpreter to the end, where a method called again and again is compiled: in chunks, the
   * listing of 10,000 snapshots among 10,000 files took about half the time.
   */
  private static final int CHUNK = 64;

  /**
   * One reading of a directory's names. Every artifact of this target and tag starts with the
   * prefix: other names are skipped unparsed, which keeps a directory of many unrelated files (or
   * other targets' snapshots) cheap; the role and stamp of the others are read in place ({@link
   * BackupName#roleOf}, {@link BackupName#stampOf}), and only stamps are kept.
   */
  private static final class Scan {
    private final String targetName;
    private final Tag tag;
    private final String prefix;
    private final Stamps payloads = new Stamps();
    private final Stamps sidecars = new Stamps();
    private final List<ArtifactName> leftovers = new ArrayList<>();
    private final List<String> unfit = new ArrayList<>();

    Scan(String targetName, Tag tag) {
      this.targetName = targetName;
      this.tag = tag;
      this.prefix = BackupName.prefix(targetName, tag);
    }

    /** Reads up to {@link #CHUNK} names; false once there are no more. */
    boolean take(Iterator<String> names) {
      for (int n = 0; n < CHUNK; n++) {
        if (!names.hasNext()) {
          return false;
        }
        String fileName = names.next();
        if (fileName.startsWith(prefix)) {
          read(fileName);
        }
      }
      return true;
    }

    private void read(String fileName) {
      ArtifactRole role = BackupName.roleOf(fileName, prefix.length());
      long stamp = role == null ? -1 : BackupName.stampOf(fileName, prefix.length(), role);
      if (stamp == BackupName.UNFIT_STAMP) {
        unfit.add(fileName);
      } else if (stamp >= 0 && role.isTemporary()) {
        BackupName.parse(fileName, targetName, tag).ifPresent(leftovers::add);
      } else if (stamp >= 0) {
        (role == ArtifactRole.PAYLOAD ? payloads : sidecars).add(stamp);
      }
    }
  }

  /**
   * Pairs the sorted stamps of payloads and sidecars (each stamp at most once in each: names in a
   * directory are unique) into entries, newest first: one {@link BackupName} per snapshot.
   */
  private static final class Pairing {
    private final Path target;
    private final String targetName;
    private final Tag tag;
    private final long[] payloads;
    private final long[] sidecars;
    private int p;
    private int s;
    private final List<SnapshotEntry> entries;

    Pairing(Path target, Tag tag, long[] payloads, long[] sidecars) {
      this.target = target;
      this.targetName = target.getFileName().toString();
      this.tag = tag;
      this.payloads = payloads;
      this.sidecars = sidecars;
      this.p = payloads.length - 1;
      this.s = sidecars.length - 1;
      this.entries = new ArrayList<>(Math.max(payloads.length, sidecars.length));
    }

    /** Makes up to {@link #CHUNK} entries; false once there are no more. */
    boolean take() {
      for (int n = 0; n < CHUNK; n++) {
        if (p < 0 && s < 0) {
          return false;
        }
        long stamp = Math.max(p >= 0 ? payloads[p] : -1, s >= 0 ? sidecars[s] : -1);
        boolean payload = p >= 0 && payloads[p] == stamp;
        boolean sidecar = s >= 0 && sidecars[s] == stamp;
        p -= payload ? 1 : 0;
        s -= sidecar ? 1 : 0;
        add(
            stamp,
            sidecar
                ? (payload ? SnapshotEntry.State.COMPLETE : SnapshotEntry.State.CONSUMED)
                : SnapshotEntry.State.INCOMPLETE);
      }
      return true;
    }

    private void add(long stamp, SnapshotEntry.State state) {
      try {
        entries.add(new SnapshotEntry(target, new BackupName(targetName, tag, stamp), state));
      } catch (IllegalArgumentException e) {
        // a name too long for this stamp's digits: not one of ours
      }
    }
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
