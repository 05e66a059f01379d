package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.NoSnapshot;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Remedy;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SidecarProblem;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.model.SnapshotListing;
import io.backupsidecar.domain.port.ArtifactDirectory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The first step of a restore: which snapshot it takes (DESIGN §5, issue 10). Latest and previous
 * count only trusted history: committed entries (complete, or consumed by switchyard's restore)
 * whose stamp is believed and whose sidecar is readable and trusted, skipping a restore's captures;
 * whatever else is on the way is reported as ignored and can neither redirect nor block the
 * restore. An exact stamp ({@link Selection.At}) is taken as asked, and its sidecar must be
 * trusted.
 */
final class RestoreSelection {
  private final SnapshotCatalog catalog;
  private final Clock clock;

  RestoreSelection(SnapshotCatalog catalog, Clock clock) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A snapshot chosen, with its trusted sidecar. */
  record Chosen(SnapshotEntry entry, Sidecar sidecar) {}

  /**
   * What a selection found.
   *
   * @param chosen the snapshot, or empty when there is none
   * @param ignored what was passed over on the way, each with why
   * @param remedies what would have let a passed-over snapshot count
   */
  record Choice(Optional<Chosen> chosen, List<String> ignored, List<Remedy> remedies) {
    Choice {
      ignored = List.copyOf(ignored);
      remedies = List.copyOf(remedies);
    }
  }

  /**
   * Picks the snapshot.
   *
   * @throws BackupException {@link ErrorId#E_RESTORE_FAILED} when the sidecar of an exact stamp is
   *     not trusted, or a sidecar on the way cannot be read (an I/O error says nothing about the
   *     snapshot: restoring an older one instead would be worse than failing)
   */
  Choice choose(ArtifactDirectory dir, SnapshotListing listing, Selection selection, Policy policy)
      throws BackupException {
    if (selection instanceof Selection.At at) {
      Optional<SnapshotEntry> entry = listing.committedAt(at.stamp());
      Optional<Chosen> chosen =
          entry.isEmpty()
              ? Optional.empty()
              : Optional.of(new Chosen(entry.get(), readTrusted(dir, entry.get(), policy)));
      return new Choice(chosen, List.of(), List.of());
    }
    long now = clock.millis();
    List<String> ignored = new ArrayList<>(SnapshotCatalog.unbelieved(listing, now));
    Set<Remedy> remedies = new LinkedHashSet<>();
    int skip = selection instanceof Selection.Previous ? 1 : 0;
    for (SnapshotEntry entry : listing.believable(now)) {
      Sidecar sidecar;
      try {
        sidecar = catalog.readTrusted(dir, entry, policy);
      } catch (SidecarProblem e) {
        if (e.isReadFailure()) {
          throw RestoreFailures.failed(
              entry.target(), e.getMessage() + "; " + RestoreFailures.UNTOUCHED, e);
        }
        ignored.add(e.getMessage());
        e.remedy().ifPresent(remedies::add);
        continue;
      }
      if (sidecar.isRestoreCapture()) {
        continue;
      }
      if (skip-- == 0) {
        return new Choice(Optional.of(new Chosen(entry, sidecar)), ignored, List.copyOf(remedies));
      }
    }
    return new Choice(Optional.empty(), ignored, List.copyOf(remedies));
  }

  /** The failure of a strict restore that found nothing: what was asked, and what was ignored. */
  static BackupException missing(Path target, Selection selection, Policy policy, Choice choice) {
    return NoSnapshot.of(
        target, policy.tag(), selection, ignoredNote(choice.ignored()), choice.remedies());
  }

  private Sidecar readTrusted(ArtifactDirectory dir, SnapshotEntry entry, Policy policy)
      throws BackupException {
    try {
      return catalog.readTrusted(dir, entry, policy);
    } catch (SidecarProblem e) {
      List<Remedy> remedies = new ArrayList<>();
      e.remedy().ifPresent(remedies::add);
      remedies.add(Remedy.CHOOSE_ANOTHER_SNAPSHOT);
      throw RestoreFailures.failed(
          entry.target(),
          e.getMessage() + "; " + RestoreFailures.UNTOUCHED,
          e,
          remedies.toArray(new Remedy[0]));
    }
  }

  /** The entries a selection passed over, for the message that nothing was found. */
  private static String ignoredNote(List<String> ignored) {
    if (ignored.isEmpty()) {
      return "";
    }
    String shown = String.join("; ", ignored.subList(0, Math.min(3, ignored.size())));
    return String.format(
        " (ignored %d: %s%s)", ignored.size(), shown, ignored.size() > 3 ? "; …" : "");
  }
}
