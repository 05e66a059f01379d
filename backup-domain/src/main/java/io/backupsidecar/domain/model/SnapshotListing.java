package io.backupsidecar.domain.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The snapshots of one target with one tag, newest first, and the leftovers of interrupted
 * operations (temporary files) that belong to it.
 *
 * @param target the target
 * @param tag the tag
 * @param entries every snapshot found, newest first
 * @param leftovers temporary artifacts of this target and tag
 */
public record SnapshotListing(Path target, Tag tag, List<SnapshotEntry> entries,
    List<ArtifactName> leftovers) {

  /** Checks the parts and copies the lists. */
  public SnapshotListing {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(tag, "tag");
    entries = List.copyOf(entries);
    leftovers = List.copyOf(leftovers);
  }

  /**
   * Builds the listing of {@code target} from the names found in its directory; names of
   * other targets, other tags and unrelated files are ignored.
   */
  public static SnapshotListing of(Path target, Tag tag, Iterable<String> directoryNames) {
    String targetName = target.getFileName().toString();
    // every artifact of this target and tag starts so: other names are skipped unparsed, which
    // keeps a directory of many unrelated files (or other targets' snapshots) cheap
    String prefix = "." + targetName + "." + tag.value() + ".";
    Map<Long, boolean[]> byStamp = new HashMap<>();
    List<ArtifactName> leftovers = new ArrayList<>();
    for (String fileName : directoryNames) {
      if (!fileName.startsWith(prefix)) {
        continue;
      }
      Optional<ArtifactName> parsed = BackupName.parse(fileName);
      if (parsed.isEmpty() || !parsed.get().name().belongsTo(targetName, tag)) {
        continue;
      }
      ArtifactName artifact = parsed.get();
      if (artifact.role().isTemporary()) {
        leftovers.add(artifact);
        continue;
      }
      boolean[] seen = byStamp.computeIfAbsent(artifact.name().stamp(), s -> new boolean[2]);
      seen[artifact.role() == ArtifactRole.PAYLOAD ? 0 : 1] = true;
    }
    List<SnapshotEntry> entries = new ArrayList<>(byStamp.size());
    byStamp.forEach((stamp, seen) -> {
      SnapshotEntry.State state = seen[1]
          ? (seen[0] ? SnapshotEntry.State.COMPLETE : SnapshotEntry.State.MISSING_PAYLOAD)
          : SnapshotEntry.State.INCOMPLETE;
      entries.add(new SnapshotEntry(target, new BackupName(targetName, tag, stamp), state));
    });
    entries.sort(Comparator.comparingLong(SnapshotEntry::stamp).reversed());
    leftovers.sort(Comparator.comparingLong((ArtifactName a) -> a.name().stamp()).reversed());
    return new SnapshotListing(target, tag, entries, leftovers);
  }

  /** The complete snapshots, newest first. */
  public List<SnapshotEntry> complete() {
    return entries.stream().filter(SnapshotEntry::isComplete).toList();
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
    return entries.stream()
        .filter(e -> e.isComplete() && e.stamp() == stamp)
        .findFirst();
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
