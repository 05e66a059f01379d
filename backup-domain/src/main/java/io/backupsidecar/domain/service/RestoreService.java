package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.ArtifactRole;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.BackupName;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.model.FactField;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.RestoreOutcome;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Snapshot;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.model.SnapshotListing;
import io.backupsidecar.domain.service.SnapshotCatalog.SidecarProblem;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;

/**
 * Puts a target back to a snapshot's state (DESIGN §5): integrity-checked, trusted sidecars
 * only, idempotent by content, atomic (stage beside the target, flush, rename over), with the
 * replaced state captured first so a restore can itself be undone. History is never
 * consumed.
 */
public final class RestoreService {
  private final Ports ports;
  private final SnapshotCatalog catalog;
  private final SnapshotService snapshots;

  /** Creates the service over the given ports. */
  public RestoreService(Ports ports) {
    this.ports = ports;
    this.catalog = new SnapshotCatalog(ports);
    this.snapshots = new SnapshotService(ports);
  }

  /**
   * How a restore runs.
   *
   * @param dryRun plan and report, touch nothing (the payload is still read and checked)
   * @param bestEffort with no complete snapshot, report a no-op instead of failing
   */
  public record Options(boolean dryRun, boolean bestEffort) {
    /** A real, strict restore. */
    public static Options defaults() {
      return new Options(false, false);
    }
  }

  /**
   * Restores a target.
   *
   * @return what was done
   * @throws BackupException {@link ErrorId#E_BACKUP_MISSING} when there is no such complete
   *     snapshot; {@link ErrorId#E_RESTORE_FAILED} when the sidecar is unreadable or not
   *     trusted, the payload is missing, of another kind or does not match its hash, or the
   *     write-back failed. In every failure before the final rename the target is untouched.
   */
  public RestoreOutcome restore(Path target, Selection selection, Policy policy, Options options)
      throws BackupException {
    try {
      return run(Targets.check(target), selection, policy, options);
    } catch (BackupException e) {
      ports.facts().emit(Failures.fact(FactEvent.RESTORE_RESULT, String.valueOf(target),
          policy.tag().value(), e, options.dryRun()));
      throw e;
    }
  }

  private RestoreOutcome run(Path target, Selection selection, Policy policy, Options options)
      throws BackupException {
    SnapshotListing listing;
    try {
      listing = catalog.list(target, policy.tag());
    } catch (BackupException e) {
      // the catalog says E_GENERIC; a restore that cannot even list has failed as a restore
      throw failed(target, e.getMessage() + "; the target was left as it was", e);
    }
    Chosen chosen = choose(listing, selection, policy);
    if (chosen == null) {
      if (options.bestEffort()) {
        ports.facts().emit(Fact.builder(FactEvent.RESTORE_RESULT, options.dryRun())
            .put(FactField.PATH, target.toString())
            .put(FactField.TAG, policy.tag().value())
            .put(FactField.OUTCOME, "nothing_to_restore")
            .build());
        return new RestoreOutcome.NothingToRestore(target);
      }
      throw new BackupException(ErrorId.E_BACKUP_MISSING, target, String.format(
          "no complete snapshot (%s) of %s with tag '%s'; run 'backup list %s' to see what "
              + "exists", selection, target, policy.tag(), target));
    }
    SnapshotEntry entry = chosen.entry;
    Sidecar.Prior prior = chosen.sidecar.prior();
    NodeState payload = inspect(entry.payload(), target);
    checkPayloadKind(entry, prior, payload, policy);

    NodeState current = inspect(target, target);
    if (current instanceof NodeState.Unsupported u) {
      throw failed(target, String.format("%s is now %s; refusing to replace it with the "
          + "snapshot %s", target, PayloadChecks.describe(u), entry.payload()), null);
    }

    ContentHash expected = prior instanceof Sidecar.PriorFile f ? f.payloadHash() : null;
    ContentHash currentHash = null;
    if (prior instanceof Sidecar.PriorFile f && current instanceof NodeState.RegularFile cur
        && metadataMatches(f, cur) && sameBytes(entry.payload(), target)) {
      // Equal to the payload: in place if the payload is what the sidecar recorded. A payload
      // damaged exactly like the target is not "in place": staging below refuses it.
      currentHash = hash(target, target);
      if (expected == null || currentHash.equals(expected)) {
        return alreadyInPlace(target, entry, prior, policy, options);
      }
    } else if (prior instanceof Sidecar.PriorSymlink l && current instanceof NodeState.Symlink cur
        && cur.destination().equals(l.destination())) {
      return alreadyInPlace(target, entry, prior, policy, options);
    } else if (prior instanceof Sidecar.PriorNone && current instanceof NodeState.Absent) {
      return alreadyInPlace(target, entry, prior, policy, options);
    }

    // The capture runs once the payload has been staged and its hash checked, just before the
    // target is replaced: a refused restore leaves no capture behind, and the payload is read
    // only once.
    Snapshot[] capturedBox = {null};
    Capture capture = () -> {
      if (!policy.captureRestoreSnapshot()) {
        return;
      }
      try {
        capturedBox[0] = snapshots.snapshotAll(List.of(target), policy, options.dryRun(),
            Sidecar.Origin.RESTORE_CAPTURE).get(0);
      } catch (BackupException e) {
        // The capture is a step of this restore: a restore that fails exits as one
        // (E_RESTORE_FAILED), not as a snapshot command would.
        throw failed(target, String.format("cannot capture the current state of %s before "
            + "restoring it (%s); the target was left as it was (restore without the capture "
            + "with --no-capture)", target, e.getMessage()), e);
      }
    };
    Applied applied = options.dryRun()
        ? plan(entry, prior, payload, expected, policy, target, capture)
        : apply(entry, prior, payload, expected, policy, target, capture);
    Snapshot captured = capturedBox[0];
    ContentHash before = captured != null && captured.sidecar().prior()
        instanceof Sidecar.PriorFile cf ? cf.payloadHash() : currentHash;

    ports.facts().emit(Fact.builder(FactEvent.RESTORE_RESULT, options.dryRun())
        .put(FactField.PATH, target.toString())
        .put(FactField.TAG, policy.tag().value())
        .put(FactField.OUTCOME, "restored")
        .put(FactField.PRIOR_KIND, prior.kind().wireName())
        .put(FactField.BACKUP, entry.name().payloadFileName())
        .put(FactField.STAMP, entry.stamp())
        .put(FactField.PAYLOAD_HASH, expected == null ? null : expected.hex())
        .put(FactField.HASH_ALG, expected != null || before != null || applied.after != null
            ? ContentHash.ALGORITHM : null)
        .put(FactField.BEFORE_HASH, before == null ? null : before.hex())
        .put(FactField.AFTER_HASH, applied.after == null ? null : applied.after.hex())
        .put(FactField.SIDECAR_INTEGRITY_VERIFIED, applied.verified)
        .put(FactField.CAPTURED_BACKUP, captured == null ? null
            : captured.name().payloadFileName())
        .put(FactField.BYTES, applied.bytes)
        .put(FactField.COPY_MS, SnapshotService.millis(applied.copyNanos))
        .put(FactField.FSYNC_MS, SnapshotService.millis(applied.fsyncNanos))
        .build());
    return options.dryRun()
        ? new RestoreOutcome.DryRunPlan(target, entry, prior.kind(), captured != null)
        : new RestoreOutcome.Restored(target, entry, prior.kind(), applied.verified, captured);
  }

  /**
   * The complete snapshot a restore with this selection would take, its sidecar read and
   * trusted; empty when there is none. Latest and previous skip a restore's captures.
   *
   * @throws BackupException {@link ErrorId#E_RESTORE_FAILED} when a sidecar on the way cannot
   *     be read or is not trusted
   */
  public java.util.Optional<SnapshotEntry> select(Path target, Selection selection,
      Policy policy) throws BackupException {
    Chosen chosen = choose(catalog.list(Targets.check(target), policy.tag()), selection, policy);
    return java.util.Optional.ofNullable(chosen == null ? null : chosen.entry);
  }

  /** Picks the snapshot; latest and previous skip a restore's captures. */
  private Chosen choose(SnapshotListing listing, Selection selection, Policy policy)
      throws BackupException {
    if (selection instanceof Selection.At at) {
      SnapshotEntry entry = listing.at(at.stamp()).orElse(null);
      return entry == null ? null : new Chosen(entry, readTrusted(entry, policy));
    }
    int skip = selection instanceof Selection.Previous ? 1 : 0;
    for (SnapshotEntry entry : listing.complete()) {
      // A sidecar that cannot be read stops the search: silently restoring an older state
      // than the one asked for would be worse than failing.
      Sidecar sidecar = readTrusted(entry, policy);
      if (sidecar.isRestoreCapture()) {
        continue;
      }
      if (skip-- == 0) {
        return new Chosen(entry, sidecar);
      }
    }
    return null;
  }

  private Sidecar readTrusted(SnapshotEntry entry, Policy policy) throws BackupException {
    try {
      return catalog.readTrusted(entry, policy);
    } catch (SidecarProblem e) {
      throw failed(entry.target(), e.getMessage() + "; the target was left as it was "
          + "(choose another snapshot with --at)", e);
    }
  }

  private void checkPayloadKind(SnapshotEntry entry, Sidecar.Prior prior, NodeState payload,
      Policy policy) throws BackupException {
    var problem = PayloadChecks.problem(entry, prior, payload, policy);
    if (problem.isPresent()) {
      throw failed(entry.target(), problem.get() + "; the target was left as it was", null);
    }
  }

  private RestoreOutcome alreadyInPlace(Path target, SnapshotEntry entry, Sidecar.Prior prior,
      Policy policy, Options options) {
    ports.facts().emit(Fact.builder(FactEvent.RESTORE_RESULT, options.dryRun())
        .put(FactField.PATH, target.toString())
        .put(FactField.TAG, policy.tag().value())
        .put(FactField.OUTCOME, "already_in_place")
        .put(FactField.PRIOR_KIND, prior.kind().wireName())
        .put(FactField.BACKUP, entry.name().payloadFileName())
        .put(FactField.STAMP, entry.stamp())
        .build());
    return new RestoreOutcome.AlreadyInPlace(target, entry);
  }

  private boolean metadataMatches(Sidecar.PriorFile prior, NodeState.RegularFile cur) {
    NodeState.FileMetadata m = cur.metadata();
    if (prior.size() != null && prior.size() != cur.size()) {
      return false;
    }
    if (prior.mode().permissions() != m.mode().permissions()) {
      return false;
    }
    // only root can give a file back its owner, so only then is a different owner a change
    boolean root = ports.inspector().processUid().orElse(-1) == 0;
    return !root
        || (prior.uid() == null || prior.uid().equals(m.uid()))
            && (prior.gid() == null || prior.gid().equals(m.gid()));
  }

  /** A dry run reads and checks the payload exactly as the real run would. */
  private Applied plan(SnapshotEntry entry, Sidecar.Prior prior, NodeState payload,
      ContentHash expected, Policy policy, Path target, Capture capture) throws BackupException {
    if (!(prior instanceof Sidecar.PriorFile)) {
      capture.run();
      return new Applied(null, false, 0, 0, 0);
    }
    long start = System.nanoTime();
    ContentHash actual = hash(entry.payload(), target);
    boolean verified = checkHash(entry, expected, actual, policy);
    long nanos = System.nanoTime() - start;
    capture.run();
    return new Applied(actual, verified, ((NodeState.RegularFile) payload).size(), nanos, 0);
  }

  private Applied apply(SnapshotEntry entry, Sidecar.Prior prior, NodeState payload,
      ContentHash expected, Policy policy, Path target, Capture capture)
      throws BackupException {
    Path dir = target.getParent();
    if (prior instanceof Sidecar.PriorNone) {
      capture.run();
      try {
        ports.store().deleteIfPresent(target);
      } catch (IOException e) {
        throw failed(target, String.format("cannot remove %s: %s", target, e), e);
      }
      return new Applied(null, false, 0, 0, flushDirectory(dir, target, policy));
    }
    Path staging = null;
    try {
      long start = System.nanoTime();
      Applied applied;
      if (prior instanceof Sidecar.PriorSymlink l) {
        staging = stage(target, policy, s -> ports.store().createSymlinkNew(s, l.destination()));
        applied = new Applied(null, false, 0, System.nanoTime() - start, 0);
      } else {
        Sidecar.PriorFile f = (Sidecar.PriorFile) prior;
        Copied[] copied = new Copied[1];
        staging = stage(target, policy, s -> copied[0] = ports.store().copyNew(entry.payload(),
            (NodeState.RegularFile) payload, s, ports.hasher()));
        boolean verified = checkHash(entry, expected, copied[0].hash(), policy);
        ports.store().applyMetadata(staging,
            new NodeState.FileMetadata(f.mode(), f.uid(), f.gid(), f.mtime()));
        long copyNanos = System.nanoTime() - start;
        long fsyncNanos = 0;
        if (policy.requireBackupDurability()) {
          long flushStart = System.nanoTime();
          ports.durability().flushFile(staging);
          fsyncNanos = System.nanoTime() - flushStart;
        }
        applied = new Applied(copied[0].hash(), verified, copied[0].bytes(), copyNanos,
            fsyncNanos);
      }
      capture.run();
      ports.store().moveAtomically(staging, target);
      staging = null;
      long dirNanos = flushDirectory(dir, target, policy);
      return new Applied(applied.after, applied.verified, applied.bytes, applied.copyNanos,
          applied.fsyncNanos + dirNanos);
    } catch (IOException e) {
      throw failed(target, String.format("cannot write %s back from %s: %s; the target was left "
          + "as it was", target, entry.payload(), e), e);
    } finally {
      if (staging != null) {
        try {
          ports.store().deleteIfPresent(staging);
        } catch (IOException e) {
          // a leftover staging file is removed by the next prune
        }
      }
    }
  }

  /** Creates a staging artifact beside the target under a fresh exclusive name. */
  private Path stage(Path target, Policy policy, StagingWriter writer)
      throws IOException, BackupException {
    long stamp = ports.clock().millis();
    for (int bump = 0; bump < 1000; bump++) {
      Path staging = target.resolveSibling(BackupName.of(Targets.name(target), policy.tag(),
          stamp + bump).fileName(ArtifactRole.RESTORE_TEMP));
      try {
        writer.write(staging);
        return staging;
      } catch (FileAlreadyExistsException e) {
        // another restore is staging under this stamp: take the next
      }
    }
    throw new FileAlreadyExistsException(target.toString(), null, "no free staging name");
  }

  /** Snapshots the state about to be replaced (or, in a dry run, plans to). */
  @FunctionalInterface
  private interface Capture {
    void run() throws BackupException;
  }

  @FunctionalInterface
  private interface StagingWriter {
    void write(Path staging) throws IOException;
  }

  private boolean checkHash(SnapshotEntry entry, ContentHash expected, ContentHash actual,
      Policy policy) throws BackupException {
    if (expected == null) {
      return false;
    }
    if (!expected.equals(actual)) {
      if (policy.requireSidecarIntegrity()) {
        throw failed(entry.target(), String.format(
            "payload %s does not match its sidecar: SHA-256 is %s, the sidecar records %s; it "
                + "was changed or damaged, and the target was left as it was", entry.payload(),
            actual.hex(), expected.hex()), null);
      }
      return false;
    }
    return true;
  }

  private long flushDirectory(Path dir, Path target, Policy policy) throws BackupException {
    if (!policy.requireBackupDurability()) {
      return 0;
    }
    long start = System.nanoTime();
    try {
      ports.durability().flushDirectory(dir);
    } catch (IOException e) {
      throw failed(target, String.format("%s was restored but flushing %s failed: %s; the "
          + "restore may not survive a crash (a failed flush is never retried)", target, dir, e),
          e);
    }
    return System.nanoTime() - start;
  }

  private NodeState inspect(Path path, Path target) throws BackupException {
    try {
      return ports.inspector().inspect(path);
    } catch (IOException e) {
      throw failed(target, String.format("cannot inspect %s: %s", path, e), e);
    }
  }

  /**
   * Whether the target holds exactly the payload's bytes; stops at the first difference, so a
   * changed file costs a block or two rather than a hash of the whole file.
   */
  private boolean sameBytes(Path payload, Path target) throws BackupException {
    try {
      return ports.store().mismatch(payload, target) < 0;
    } catch (IOException e) {
      throw failed(target, String.format("cannot compare %s with %s: %s", target, payload, e),
          e);
    }
  }

  private ContentHash hash(Path path, Path target) throws BackupException {
    try {
      return ports.store().hash(path, ports.hasher());
    } catch (IOException e) {
      throw failed(target, String.format("cannot read %s: %s", path, e), e);
    }
  }

  private static BackupException failed(Path target, String message, Throwable cause) {
    return new BackupException(ErrorId.E_RESTORE_FAILED, target,
        String.format("cannot restore %s: %s", target, message), cause);
  }

  private record Chosen(SnapshotEntry entry, Sidecar sidecar) {}

  private record Applied(ContentHash after, boolean verified, long bytes, long copyNanos,
      long fsyncNanos) {}

}
