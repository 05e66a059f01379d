package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Remedy;
import io.backupsidecar.domain.model.RestoreOptions;
import io.backupsidecar.domain.model.RestoreOutcome;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Snapshot;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.model.SnapshotListing;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.FactEmitter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts a target back to a snapshot's state (DESIGN §5): integrity-checked, trusted sidecars only,
 * idempotent by content, atomic (stage beside the target, flush, rename over), with the replaced
 * state captured first so a restore can itself be undone. History is never consumed; history
 * consumed by switchyard's restore is used as far as its sidecar allows.
 *
 * <p>The steps, each its own class: {@link RestoreSelection} (which snapshot), {@link
 * PayloadVerification} (is its payload what the sidecar says), {@link InPlaceCheck} (is there
 * anything to do), {@link WriteBack} or, in a dry run, {@link RestorePlan} (with {@link
 * RestoreCapture} of the replaced state), and {@link RestoreFacts}.
 */
public final class RestoreService {
  private final ArtifactStore store;
  private final SnapshotCatalog catalog;
  private final RestoreSelection selection;
  private final PayloadVerification verification;
  private final InPlaceCheck inPlace;
  private final WriteBack writeBack;
  private final RestorePlan plan;
  private final RestoreFacts restoreFacts;
  private final FactEmitter facts;

  /**
   * Creates the service over the steps of a restore (see {@link Services#wire}).
   *
   * @param store where the target's directory is opened
   * @param catalog lists the target's snapshots
   * @param selection chooses the snapshot
   * @param verification checks the payload's kind
   * @param inPlace decides whether there is anything to do
   * @param writeBack writes the snapshot's state back
   * @param plan what a dry run does instead of the write-back
   * @param restoreFacts the facts of a run that did not fail
   * @param facts where the fact of a failed run goes
   */
  RestoreService(
      ArtifactStore store,
      SnapshotCatalog catalog,
      RestoreSelection selection,
      PayloadVerification verification,
      InPlaceCheck inPlace,
      WriteBack writeBack,
      RestorePlan plan,
      RestoreFacts restoreFacts,
      FactEmitter facts) {
    this.store = Objects.requireNonNull(store, "store");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.selection = Objects.requireNonNull(selection, "selection");
    this.verification = Objects.requireNonNull(verification, "verification");
    this.inPlace = Objects.requireNonNull(inPlace, "inPlace");
    this.writeBack = Objects.requireNonNull(writeBack, "writeBack");
    this.plan = Objects.requireNonNull(plan, "plan");
    this.restoreFacts = Objects.requireNonNull(restoreFacts, "restoreFacts");
    this.facts = Objects.requireNonNull(facts, "facts");
  }

  /** A real restore: {@link #restore(Path, Selection, Policy, RestoreOptions, boolean)}. */
  public RestoreOutcome restore(
      Path target, Selection selection, Policy policy, RestoreOptions options)
      throws BackupException {
    return restore(target, selection, policy, options, false);
  }

  /**
   * Restores a target.
   *
   * @return what was done
   * @throws BackupException {@link ErrorId#E_BACKUP_MISSING} when there is no such complete
   *     snapshot; {@link ErrorId#E_RESTORE_FAILED} when the sidecar is unreadable or not trusted,
   *     the payload is missing, of another kind or does not match its hash, or the write-back
   *     failed. In every failure before the final rename the target is untouched. Its {@link
   *     BackupException#remedies()} say what a caller can do about it.
   */
  public RestoreOutcome restore(
      Path target, Selection selection, Policy policy, RestoreOptions options, boolean dryRun)
      throws BackupException {
    try {
      Path checked = Targets.check(target);
      try (ArtifactDirectory dir =
          Directories.open(store, checked, ErrorId.E_RESTORE_FAILED, RestoreFailures.UNTOUCHED)) {
        return run(dir, checked, selection, policy, options, dryRun);
      } catch (IOException e) {
        // only the close of the directory: the restore itself is done
        throw closeFailed(checked, e);
      }
    } catch (BackupException e) {
      facts.emit(
          Failures.fact(
              FactEvent.RESTORE_RESULT, String.valueOf(target), policy.tag().value(), e, dryRun));
      throw e;
    }
  }

  /**
   * The complete snapshot a restore with this selection would take, its sidecar read and trusted;
   * empty when there is none. Latest and previous skip a restore's captures.
   *
   * @throws BackupException {@link ErrorId#E_RESTORE_FAILED} when a sidecar on the way cannot be
   *     read or is not trusted
   */
  public Optional<SnapshotEntry> select(Path target, Selection selection, Policy policy)
      throws BackupException {
    Path checked = Targets.check(target);
    try (ArtifactDirectory dir =
        Directories.open(store, checked, ErrorId.E_RESTORE_FAILED, "nothing was changed")) {
      SnapshotListing listing = catalog.list(dir, checked, policy.tag());
      return this.selection
          .choose(dir, listing, selection, policy)
          .chosen()
          .map(RestoreSelection.Chosen::entry);
    } catch (IOException e) {
      throw closeFailed(checked, e);
    }
  }

  private RestoreOutcome run(
      ArtifactDirectory dir,
      Path target,
      Selection selection,
      Policy policy,
      RestoreOptions options,
      boolean dryRun)
      throws BackupException {
    SnapshotListing listing;
    try {
      listing = catalog.list(dir, target, policy.tag());
    } catch (BackupException e) {
      // the catalog says E_GENERIC; a restore that cannot even list has failed as a restore
      throw RestoreFailures.failed(target, e.getMessage() + "; " + RestoreFailures.UNTOUCHED, e);
    }
    RestoreSelection.Choice choice = this.selection.choose(dir, listing, selection, policy);
    RestoreFacts.Run run = new RestoreFacts.Run(target, policy, dryRun, choice.ignored());
    if (choice.chosen().isEmpty()) {
      if (options.bestEffort()) {
        restoreFacts.nothingToRestore(run);
        return new RestoreOutcome.NothingToRestore(target);
      }
      throw RestoreSelection.missing(target, selection, policy, choice);
    }
    SnapshotEntry entry = choice.chosen().get().entry();
    Sidecar.Prior prior = choice.chosen().get().sidecar().prior();
    // A consumed entry (switchyard's restore took its payload) has no payload to check: its
    // sidecar alone is the record of a symlink or of nothing.
    boolean consumed = entry.state() == SnapshotEntry.State.CONSUMED;
    NodeState payload = consumed ? null : RestoreFailures.inspect(dir, entry.payload(), target);
    if (!consumed) {
      verification.checkKind(entry, prior, payload, policy);
    }

    NodeState current = RestoreFailures.inspect(dir, target, target);
    if (current instanceof NodeState.Unsupported u) {
      throw RestoreFailures.failed(
          target,
          String.format(
              "%s is now %s; refusing to replace it with the snapshot %s",
              target, PayloadChecks.describe(u), entry.payload()),
          null);
    }
    String beforeKind = RestoreFacts.kindOf(current);
    if (consumed && prior instanceof Sidecar.PriorFile f) {
      if (inPlace.consumedInPlace(dir, target, f, current)) {
        return alreadyInPlace(run, entry, prior, beforeKind);
      }
      throw consumedAway(target, entry);
    }

    ContentHash expected = prior instanceof Sidecar.PriorFile f ? f.payloadHash() : null;
    InPlaceCheck.Verdict verdict = inPlace.check(dir, target, entry, prior, current, expected);
    if (verdict.inPlace()) {
      return alreadyInPlace(run, entry, prior, beforeKind);
    }

    // The capture runs once the payload has been staged and its hash checked, just before the
    // target is replaced: a refused restore leaves no capture behind, and the payload is read
    // only once.
    WriteBack.Result applied =
        dryRun
            ? plan.plan(dir, entry, prior, payload, expected, policy, listing)
            : writeBack.apply(dir, entry, prior, payload, expected, policy, current, listing);
    Snapshot captured = applied.captured().orElse(null);
    ContentHash before =
        captured != null && captured.sidecar().prior() instanceof Sidecar.PriorFile cf
            ? cf.payloadHash()
            : verdict.targetHash();
    restoreFacts.restored(run, entry, prior, beforeKind, expected, before, applied);
    return dryRun
        ? new RestoreOutcome.DryRunPlan(target, entry, prior.kind(), captured != null)
        : new RestoreOutcome.Restored(
            target, entry, prior.kind(), applied.verified(), captured, applied.notRestored());
  }

  private RestoreOutcome alreadyInPlace(
      RestoreFacts.Run run, SnapshotEntry entry, Sidecar.Prior prior, String beforeKind) {
    restoreFacts.alreadyInPlace(run, entry, prior, beforeKind);
    return new RestoreOutcome.AlreadyInPlace(run.target(), entry);
  }

  /**
   * A file snapshot whose payload switchyard's restore moved over the target, and the target is no
   * longer that file: there is nothing to restore it from, and an older snapshot is never taken
   * silently.
   */
  private static BackupException consumedAway(Path target, SnapshotEntry entry) {
    return new BackupException(
        ErrorId.E_BACKUP_MISSING,
        target,
        String.format(
            "the snapshot %s of %s was consumed: switchyard's restore moved its payload over the "
                + "target, and the target is no longer that file",
            entry.payload().getFileName(), target),
        null,
        List.of(Remedy.CHOOSE_ANOTHER_SNAPSHOT, Remedy.LIST_SNAPSHOTS));
  }

  private static BackupException closeFailed(Path target, IOException e) {
    return RestoreFailures.failed(
        target, String.format("cannot close the directory of %s: %s", target, e), e);
  }
}
