package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.ArtifactName;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.BackupName;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.SidecarProblem;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.model.SnapshotListing;
import io.backupsidecar.domain.port.ArtifactDirectory;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Chooses the first stamp of each new snapshot: after the newest trusted, believed snapshot already
 * in its directory, so that "latest" stays the newest even if the clock stepped back. The exclusive
 * naming ({@link StampAllocator#claim}) still settles races.
 */
final class StampPlanner {
  private final SnapshotCatalog catalog;

  /**
   * @param catalog reads sidecars, so the next stamp follows trusted history only
   */
  StampPlanner(SnapshotCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /**
   * Starts each target's stamp at {@code now} or past the newest trusted stamp of its target and
   * tag. A stamp beyond the clock's tolerance, or one whose sidecar another user could have
   * planted, cannot push our stamps ahead (nor, near the top of the range, into stamps we could not
   * parse). Each directory is listed once.
   */
  void choose(List<PendingSnapshot> pending, Policy policy, long now) throws BackupException {
    Map<ArtifactDirectory, List<String>> names = new IdentityHashMap<>();
    for (PendingSnapshot p : pending) {
      List<String> list = names.get(p.dir);
      if (list == null) {
        try {
          list = p.dir.list();
        } catch (IOException e) {
          throw p.failed(
              String.format(
                  "cannot list the directory of %s: %s; nothing was written", p.target, e),
              e);
        }
        names.put(p.dir, list);
      }
      long newest = newestTrusted(p, list, policy, now);
      p.startAt(StampAllocator.at(p.target, p.name(), Math.max(now, newest + 1)));
    }
  }

  /**
   * As {@link #choose}, for one target whose directory the caller has just listed: a restore's
   * capture, after the restore's own listing. A name that appeared since is settled by the
   * exclusive naming, as any race is; the directory is not listed a second time.
   */
  void chooseFrom(PendingSnapshot p, SnapshotListing listed, Policy policy, long now)
      throws BackupException {
    long ceiling = now + BackupName.FUTURE_TOLERANCE_MILLIS;
    long newest = -1;
    for (SnapshotEntry e : listed.entries()) {
      newest = e.stamp() <= ceiling ? Math.max(newest, e.stamp()) : newest;
    }
    for (ArtifactName a : listed.leftovers()) {
      long stamp = a.name().stamp();
      newest = stamp <= ceiling ? Math.max(newest, stamp) : newest;
    }
    if (newest >= now) {
      newest = newestTrusted(p, listed, policy, now);
    }
    p.startAt(StampAllocator.at(p.target, p.name(), Math.max(now, newest + 1)));
  }

  /**
   * The newest believed stamp of this target and tag whose sidecar is trusted, as far as it can
   * matter: a stamp below the clock cannot raise the next one, so the cheap digit scan decides
   * alone, and sidecars are read (newest first, until a trusted one) only when some artifact claims
   * a stamp at or past the clock.
   */
  private long newestTrusted(PendingSnapshot p, List<String> names, Policy policy, long now) {
    long ceiling = now + BackupName.FUTURE_TOLERANCE_MILLIS;
    long newest = BackupName.newestStamp(names, p.targetName(), p.name().tag(), ceiling);
    if (newest < now) {
      return newest;
    }
    return newestTrusted(p, SnapshotListing.of(p.target, p.name().tag(), names), policy, now);
  }

  /** The newest believed stamp of the listing whose sidecar is trusted, or -1. */
  private long newestTrusted(PendingSnapshot p, SnapshotListing listing, Policy policy, long now) {
    for (SnapshotEntry entry : listing.believable(now)) {
      try {
        catalog.readTrusted(p.dir, entry, policy);
        return entry.stamp();
      } catch (SidecarProblem e) {
        // not ours to follow: the next one down may be
      }
    }
    return -1;
  }
}
