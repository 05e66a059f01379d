package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.ArtifactName;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.model.FactField;
import io.backupsidecar.domain.model.FactOutcome;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.PruneResult;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.model.SnapshotListing;
import io.backupsidecar.domain.model.UnsafeDirectoryException;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.Durability;
import io.backupsidecar.domain.port.FactEmitter;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Retention (DESIGN §6): keeps at most N newest snapshots of trusted history (complete, or consumed
 * by switchyard's restore) and/or drops those older than an age, never the newest one; untrusted,
 * unreadable and unbelieved entries are reported, never counted or removed; removes incomplete
 * snapshots and temporaries older than a grace period. Only artifacts of the policy's tag are
 * touched. Sidecars are deleted first and the directory flushed before any payload is deleted (and
 * flushed again after), so a crash mid-prune never leaves a sidecar naming a missing payload, even
 * on a filesystem that reorders directory operations.
 */
public final class PruneService {
  private final ArtifactStore store;
  private final Durability durability;
  private final FactEmitter facts;
  private final Clock clock;
  private final SnapshotCatalog catalog;

  /**
   * Creates the service over exactly what it uses.
   *
   * @param store where artifacts are made and read
   * @param durability how new files and directories are flushed
   * @param facts where facts go
   * @param clock where stamps and times come from
   * @param catalog finds snapshots and reads their sidecars
   */
  public PruneService(
      ArtifactStore store,
      Durability durability,
      FactEmitter facts,
      Clock clock,
      SnapshotCatalog catalog) {
    this.store = Objects.requireNonNull(store, "store");
    this.durability = Objects.requireNonNull(durability, "durability");
    this.facts = Objects.requireNonNull(facts, "facts");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /**
   * Prunes one target's snapshots by the policy's {@code retention_count_limit} and {@code
   * retention_age_limit}.
   *
   * @param dryRun report what would be removed, remove nothing
   * @throws BackupException {@link ErrorId#E_GENERIC} when something could not be removed; what was
   *     removed before stays removed, nothing half-removed is left visible as complete
   */
  public PruneResult prune(Path target, Policy policy, boolean dryRun) throws BackupException {
    try {
      Path checked = Targets.check(target);
      PruneResult result;
      try (ArtifactDirectory dir = openOrNull(checked)) {
        result =
            dir == null
                ? new PruneResult(checked, List.of(), List.of(), List.of())
                : run(dir, checked, policy, dryRun);
      } catch (IOException e) {
        throw new BackupException(
            ErrorId.E_GENERIC,
            checked,
            String.format("cannot close the directory of %s: %s", checked, e),
            e);
      }
      facts.emit(
          Fact.builder(FactEvent.PRUNE_RESULT, dryRun)
              .put(FactField.PATH, target.toString())
              .put(FactField.TAG, policy.tag().value())
              .put(FactField.OUTCOME, FactOutcome.PRUNED.wireName())
              .put(FactField.PRUNED_COUNT, result.pruned().size())
              .put(FactField.RETAINED_COUNT, result.retained().size())
              .put(FactField.REMOVED_LEFTOVERS, result.leftovers().size())
              .put(FactField.IGNORED, result.ignored().isEmpty() ? null : result.ignored())
              .build());
      return result;
    } catch (BackupException e) {
      facts.emit(
          Failures.fact(
              FactEvent.PRUNE_RESULT, String.valueOf(target), policy.tag().value(), e, dryRun));
      throw e;
    }
  }

  /** The target's directory, or null when it does not exist (nothing to prune). */
  private ArtifactDirectory openOrNull(Path target) throws BackupException {
    try {
      return store.open(target.getParent());
    } catch (NoSuchFileException e) {
      return null;
    } catch (UnsafeDirectoryException e) {
      throw new BackupException(
          ErrorId.E_POLICY,
          target,
          String.format(
              "refusing to prune in %s: %s; nothing was removed",
              target.getParent(), e.getReason()),
          e);
    } catch (IOException e) {
      throw new BackupException(
          ErrorId.E_GENERIC,
          target,
          String.format("cannot open the directory of %s: %s; nothing was removed", target, e),
          e);
    }
  }

  private PruneResult run(ArtifactDirectory dir, Path target, Policy policy, boolean dryRun)
      throws BackupException {
    SnapshotListing listing = catalog.list(dir, target, policy.tag());
    long now = clock.millis();
    // Retention counts trusted history only (issue 10): a sidecar another user could have
    // planted, one that cannot be read, a stamp that does not fit or lies beyond the clock is
    // reported and neither counted nor removed, so it cannot push genuine snapshots out.
    SnapshotCatalog.History history = catalog.history(dir, listing, policy, now);
    List<SnapshotEntry> pruned = new ArrayList<>();
    List<SnapshotEntry> retained = new ArrayList<>();
    for (int i = 0; i < history.trusted().size(); i++) {
      SnapshotEntry e = history.trusted().get(i).entry();
      boolean overCount = policy.retentionCountLimit() != null && i >= policy.retentionCountLimit();
      boolean tooOld =
          policy.retentionAgeLimit() != null
              && e.stamp() < now - policy.retentionAgeLimit().toMillis();
      if (i > 0 && (overCount || tooOld)) {
        pruned.add(e);
      } else {
        retained.add(e);
      }
    }
    long graceCutoff = now - policy.staleTempGrace().toMillis();
    List<Path> leftovers = new ArrayList<>();
    for (SnapshotEntry e : listing.entries()) {
      // A consumed entry (a sidecar whose payload switchyard's restore took) is history, not a
      // leftover: it goes only by retention, and never while it is the newest.
      if (e.state() == SnapshotEntry.State.INCOMPLETE && e.stamp() < graceCutoff) {
        leftovers.add(e.payload());
      }
    }
    for (ArtifactName a : listing.leftovers()) {
      if (a.name().stamp() < graceCutoff) {
        leftovers.add(target.resolveSibling(a.fileName()));
      }
    }
    List<String> leftoverNames = leftovers.stream().map(p -> p.getFileName().toString()).toList();
    if (dryRun || (pruned.isEmpty() && leftovers.isEmpty())) {
      return new PruneResult(target, pruned, retained, leftoverNames, history.ignored());
    }
    List<String> failures = new ArrayList<>();
    // Sidecars first, then a directory flush, then the payloads: a filesystem may reorder
    // directory operations, so without the barrier a crash could keep a sidecar whose payload's
    // removal survived. With it, a crash leaves at worst incomplete payloads, which prune removes.
    List<Path> payloads = new ArrayList<>();
    for (SnapshotEntry e : pruned) {
      if (delete(dir, e.sidecar(), failures)) {
        payloads.add(e.payload());
      }
    }
    if (policy.requireBackupDurability() && !payloads.isEmpty() && !flush(dir, failures)) {
      // a failed flush is never retried: what is left is removed by the next prune
      throw incomplete(target, failures);
    }
    for (Path p : payloads) {
      delete(dir, p, failures);
    }
    for (Path p : leftovers) {
      delete(dir, p, failures);
    }
    if (policy.requireBackupDurability()) {
      flush(dir, failures);
    }
    if (!failures.isEmpty()) {
      throw incomplete(target, failures);
    }
    return new PruneResult(target, pruned, retained, leftoverNames, history.ignored());
  }

  private static BackupException incomplete(Path target, List<String> failures) {
    return new BackupException(
        ErrorId.E_GENERIC,
        target,
        String.format("prune of %s could not finish: %s", target, String.join("; ", failures)));
  }

  private boolean flush(ArtifactDirectory directory, List<String> failures) {
    try {
      durability.flushDirectory(directory);
      return true;
    } catch (IOException ex) {
      failures.add(String.format("flushing %s failed: %s", directory.path(), ex));
      return false;
    }
  }

  private boolean delete(ArtifactDirectory dir, Path path, List<String> failures) {
    try {
      dir.delete(Directories.name(path));
      return true;
    } catch (IOException e) {
      failures.add(String.format("cannot delete %s: %s", path, e));
      return false;
    }
  }
}
