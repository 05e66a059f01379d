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
import io.backupsidecar.domain.model.FactOutcome;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.RestoreOptions;
import io.backupsidecar.domain.model.RestoreOutcome;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SidecarProblem;
import io.backupsidecar.domain.model.Snapshot;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.model.SnapshotListing;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.ArtifactDirectory.StageOptions;
import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.Durability;
import io.backupsidecar.domain.port.FactEmitter;
import io.backupsidecar.domain.port.Hasher;
import io.backupsidecar.domain.port.StagedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Puts a target back to a snapshot's state (DESIGN §5): integrity-checked, trusted sidecars only,
 * idempotent by content, atomic (stage beside the target, flush, rename over), with the replaced
 * state captured first so a restore can itself be undone. History is never consumed; history
 * consumed by switchyard's restore is used as far as its sidecar allows.
 */
public final class RestoreService {
  private final ArtifactStore store;
  private final Durability durability;
  private final Hasher hasher;
  private final FactEmitter facts;
  private final Clock clock;
  private final OptionalInt callerUid;
  private final SnapshotCatalog catalog;
  private final SnapshotService snapshots;

  /**
   * Creates the service over exactly what it uses.
   *
   * @param store where artifacts are made and read
   * @param durability how new files and directories are flushed
   * @param hasher SHA-256
   * @param facts where facts go
   * @param clock where stamps and times come from
   * @param callerUid the uid this process acts as, for the trust check of sidecars (empty when the
   *     backend has no numeric owners)
   * @param catalog finds snapshots and reads their sidecars
   * @param snapshots takes snapshots (a restore captures the state it replaces)
   */
  public RestoreService(
      ArtifactStore store,
      Durability durability,
      Hasher hasher,
      FactEmitter facts,
      Clock clock,
      OptionalInt callerUid,
      SnapshotCatalog catalog,
      SnapshotService snapshots) {
    this.store = Objects.requireNonNull(store, "store");
    this.durability = Objects.requireNonNull(durability, "durability");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.facts = Objects.requireNonNull(facts, "facts");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.callerUid = Objects.requireNonNull(callerUid, "callerUid");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
  }

  /**
   * Restores a target.
   *
   * @return what was done
   * @throws BackupException {@link ErrorId#E_BACKUP_MISSING} when there is no such complete
   *     snapshot; {@link ErrorId#E_RESTORE_FAILED} when the sidecar is unreadable or not trusted,
   *     the payload is missing, of another kind or does not match its hash, or the write-back
   *     failed. In every failure before the final rename the target is untouched.
   */
  public RestoreOutcome restore(
      Path target, Selection selection, Policy policy, RestoreOptions options)
      throws BackupException {
    try {
      Path checked = Targets.check(target);
      try (ArtifactDirectory dir =
          Directories.open(
              store, checked, ErrorId.E_RESTORE_FAILED, "the target was left as it was")) {
        return run(dir, checked, selection, policy, options);
      } catch (IOException e) {
        // only the close of the directory: the restore itself is done
        throw failed(checked, String.format("cannot close the directory of %s: %s", checked, e), e);
      }
    } catch (BackupException e) {
      facts.emit(
          Failures.fact(
              FactEvent.RESTORE_RESULT,
              String.valueOf(target),
              policy.tag().value(),
              e,
              options.dryRun()));
      throw e;
    }
  }

  private RestoreOutcome run(
      ArtifactDirectory dir,
      Path target,
      Selection selection,
      Policy policy,
      RestoreOptions options)
      throws BackupException {
    SnapshotListing listing;
    try {
      listing = catalog.list(dir, target, policy.tag());
    } catch (BackupException e) {
      // the catalog says E_GENERIC; a restore that cannot even list has failed as a restore
      throw failed(target, e.getMessage() + "; the target was left as it was", e);
    }
    List<String> ignored = new ArrayList<>();
    Chosen chosen = choose(dir, listing, selection, policy, ignored);
    if (chosen == null) {
      if (options.bestEffort()) {
        facts.emit(
            Fact.builder(FactEvent.RESTORE_RESULT, options.dryRun())
                .put(FactField.PATH, target.toString())
                .put(FactField.TAG, policy.tag().value())
                .put(FactField.OUTCOME, FactOutcome.NOTHING_TO_RESTORE.wireName())
                .put(FactField.IGNORED, ignored.isEmpty() ? null : ignored)
                .build());
        return new RestoreOutcome.NothingToRestore(target);
      }
      throw new BackupException(
          ErrorId.E_BACKUP_MISSING,
          target,
          String.format(
              "no complete snapshot (%s) of %s with tag '%s'%s; run 'backup list --tag %s %s' to "
                  + "see what exists",
              selection, target, policy.tag(), ignoredNote(ignored), policy.tag(), target));
    }
    SnapshotEntry entry = chosen.entry;
    Sidecar.Prior prior = chosen.sidecar.prior();
    // A consumed entry (switchyard's restore took its payload) has no payload to check: its
    // sidecar alone is the record of a symlink or of nothing.
    boolean consumed = entry.state() == SnapshotEntry.State.CONSUMED;
    NodeState payload = consumed ? null : inspect(dir, entry.payload(), target);
    if (!consumed) {
      checkPayloadKind(entry, prior, payload, policy);
    }

    NodeState current = inspect(dir, target, target);
    if (current instanceof NodeState.Unsupported u) {
      throw failed(
          target,
          String.format(
              "%s is now %s; refusing to replace it with the " + "snapshot %s",
              target, PayloadChecks.describe(u), entry.payload()),
          null);
    }
    RunFacts restoreFacts = new RunFacts(kindOf(current), ignored);
    if (consumed && prior instanceof Sidecar.PriorFile f) {
      return consumedFile(dir, target, entry, f, current, policy, options, restoreFacts);
    }

    ContentHash expected = prior instanceof Sidecar.PriorFile f ? f.payloadHash() : null;
    ContentHash currentHash = null;
    if (prior instanceof Sidecar.PriorFile f
        && current instanceof NodeState.RegularFile cur
        && metadataMatches(f, cur)
        && sameBytes(dir, entry.payload(), target)) {
      // Equal to the payload: in place if the payload is what the sidecar recorded. A payload
      // damaged exactly like the target is not "in place": staging below refuses it.
      currentHash = hash(dir, target, target);
      if (expected == null || currentHash.equals(expected)) {
        return alreadyInPlace(target, entry, prior, policy, options, restoreFacts);
      }
    } else if (prior instanceof Sidecar.PriorSymlink l
        && current instanceof NodeState.Symlink cur
        && cur.destination().equals(l.destination())) {
      return alreadyInPlace(target, entry, prior, policy, options, restoreFacts);
    } else if (prior instanceof Sidecar.PriorNone && current instanceof NodeState.Absent) {
      return alreadyInPlace(target, entry, prior, policy, options, restoreFacts);
    }

    // The capture runs once the payload has been staged and its hash checked, just before the
    // target is replaced: a refused restore leaves no capture behind, and the payload is read
    // only once.
    Capture capture = new Capture(dir, target, policy, options.dryRun());
    Applied applied =
        options.dryRun()
            ? plan(dir, entry, prior, payload, expected, policy, capture)
            : apply(dir, entry, prior, payload, expected, policy, target, capture);
    Snapshot captured = capture.taken;
    ContentHash before =
        captured != null && captured.sidecar().prior() instanceof Sidecar.PriorFile cf
            ? cf.payloadHash()
            : currentHash;

    facts.emit(
        Fact.builder(FactEvent.RESTORE_RESULT, options.dryRun())
            .put(FactField.PATH, target.toString())
            .put(FactField.TAG, policy.tag().value())
            .put(FactField.OUTCOME, FactOutcome.RESTORED.wireName())
            .put(FactField.PRIOR_KIND, prior.kind().wireName())
            .put(FactField.BEFORE_KIND, restoreFacts.beforeKind)
            .put(FactField.AFTER_KIND, prior.kind().wireName())
            .put(FactField.IDEMPOTENT, false)
            .put(FactField.BACKUP_DURABLE, policy.requireBackupDurability())
            .put(FactField.IGNORED, restoreFacts.ignoredOrNull())
            .put(FactField.BACKUP, entry.name().payloadFileName())
            .put(FactField.STAMP, entry.stamp())
            .put(FactField.PAYLOAD_HASH, expected == null ? null : expected.hex())
            .put(
                FactField.HASH_ALG,
                expected != null || before != null || applied.after != null
                    ? ContentHash.ALGORITHM
                    : null)
            .put(FactField.BEFORE_HASH, before == null ? null : before.hex())
            .put(FactField.AFTER_HASH, applied.after == null ? null : applied.after.hex())
            .put(FactField.SIDECAR_INTEGRITY_VERIFIED, applied.verified)
            .put(
                FactField.CAPTURED_BACKUP,
                captured == null ? null : captured.name().payloadFileName())
            .put(
                FactField.METADATA_NOT_RESTORED,
                applied.notRestored().isEmpty() ? null : applied.notRestored())
            .put(FactField.BYTES, applied.bytes)
            .put(FactField.COPY_MS, SnapshotService.millis(applied.copyNanos))
            .put(FactField.FSYNC_MS, SnapshotService.millis(applied.fsyncNanos))
            .build());
    return options.dryRun()
        ? new RestoreOutcome.DryRunPlan(target, entry, prior.kind(), captured != null)
        : new RestoreOutcome.Restored(
            target, entry, prior.kind(), applied.verified, captured, applied.notRestored());
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
      Chosen chosen =
          choose(
              dir, catalog.list(dir, checked, policy.tag()), selection, policy, new ArrayList<>());
      return Optional.ofNullable(chosen == null ? null : chosen.entry);
    } catch (IOException e) {
      throw failed(checked, String.format("cannot close the directory of %s: %s", checked, e), e);
    }
  }

  /**
   * Picks the snapshot. Latest and previous count only trusted history (DESIGN §5, issue 10):
   * committed entries (complete, or consumed by switchyard's restore) whose stamp is believed and
   * whose sidecar is readable and trusted, skipping a restore's captures; whatever else is on the
   * way is added to {@code ignored} and can neither redirect nor block the restore. An exact stamp
   * ({@code --at}) is taken as asked, and its sidecar must be trusted.
   */
  private Chosen choose(
      ArtifactDirectory dir,
      SnapshotListing listing,
      Selection selection,
      Policy policy,
      List<String> ignored)
      throws BackupException {
    if (selection instanceof Selection.At at) {
      SnapshotEntry entry = listing.committedAt(at.stamp()).orElse(null);
      return entry == null ? null : new Chosen(entry, readTrusted(dir, entry, policy));
    }
    long now = clock.millis();
    ignored.addAll(SnapshotCatalog.unbelieved(listing, now));
    int skip = selection instanceof Selection.Previous ? 1 : 0;
    for (SnapshotEntry entry : listing.believable(now)) {
      Sidecar sidecar;
      try {
        sidecar = catalog.readTrusted(dir, entry, policy);
      } catch (SidecarProblem e) {
        if (e.isReadFailure()) {
          // an I/O error says nothing about the snapshot: restoring an older one instead of
          // it would be worse than failing
          throw failed(entry.target(), e.getMessage() + "; the target was left as it was", e);
        }
        ignored.add(e.withHint());
        continue;
      }
      if (sidecar.isRestoreCapture()) {
        continue;
      }
      if (skip-- == 0) {
        return new Chosen(entry, sidecar);
      }
    }
    return null;
  }

  private Sidecar readTrusted(ArtifactDirectory dir, SnapshotEntry entry, Policy policy)
      throws BackupException {
    try {
      return catalog.readTrusted(dir, entry, policy);
    } catch (SidecarProblem e) {
      throw failed(
          entry.target(),
          e.withHint() + "; the target was left as it was " + "(choose another snapshot with --at)",
          e);
    }
  }

  private void checkPayloadKind(
      SnapshotEntry entry, Sidecar.Prior prior, NodeState payload, Policy policy)
      throws BackupException {
    var problem = PayloadChecks.problem(entry, prior, payload, policy);
    if (problem.isPresent()) {
      boolean unhashed = prior instanceof Sidecar.PriorFile f && f.payloadHash() == null;
      throw failed(
          entry.target(),
          problem.get()
              + "; the target was left as it was"
              + (unhashed ? " (relax with --no-require-integrity)" : ""),
          null);
    }
  }

  /**
   * A file snapshot whose payload switchyard's restore moved over the target: in place when the
   * target still has the recorded hash and mode (the state that restore left), otherwise there is
   * nothing to restore it from, and an older snapshot is never taken silently.
   */
  private RestoreOutcome consumedFile(
      ArtifactDirectory dir,
      Path target,
      SnapshotEntry entry,
      Sidecar.PriorFile f,
      NodeState current,
      Policy policy,
      RestoreOptions options,
      RunFacts restoreFacts)
      throws BackupException {
    if (f.payloadHash() != null
        && current instanceof NodeState.RegularFile cur
        && metadataMatches(f, cur)
        && f.payloadHash().equals(hash(dir, target, target))) {
      return alreadyInPlace(target, entry, f, policy, options, restoreFacts);
    }
    throw new BackupException(
        ErrorId.E_BACKUP_MISSING,
        target,
        String.format(
            "the snapshot %s of %s was consumed: switchyard's restore moved its payload over the "
                + "target, and the target is no longer that file; choose an older snapshot with "
                + "--previous or --at (see 'backup list --tag %s %s')",
            entry.payload().getFileName(), target, policy.tag(), target));
  }

  private RestoreOutcome alreadyInPlace(
      Path target,
      SnapshotEntry entry,
      Sidecar.Prior prior,
      Policy policy,
      RestoreOptions options,
      RunFacts restoreFacts) {
    facts.emit(
        Fact.builder(FactEvent.RESTORE_RESULT, options.dryRun())
            .put(FactField.PATH, target.toString())
            .put(FactField.TAG, policy.tag().value())
            .put(FactField.OUTCOME, FactOutcome.ALREADY_IN_PLACE.wireName())
            .put(FactField.PRIOR_KIND, prior.kind().wireName())
            .put(FactField.BEFORE_KIND, restoreFacts.beforeKind)
            .put(FactField.AFTER_KIND, restoreFacts.beforeKind)
            .put(FactField.IDEMPOTENT, true)
            .put(FactField.BACKUP_DURABLE, policy.requireBackupDurability())
            .put(FactField.IGNORED, restoreFacts.ignoredOrNull())
            .put(FactField.BACKUP, entry.name().payloadFileName())
            .put(FactField.STAMP, entry.stamp())
            .build());
    return new RestoreOutcome.AlreadyInPlace(target, entry);
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

  /** {@code file}, {@code symlink} or {@code none}: what a fact calls the target's state. */
  private static String kindOf(NodeState state) {
    if (state instanceof NodeState.RegularFile) {
      return "file";
    }
    return state instanceof NodeState.Symlink ? "symlink" : "none";
  }

  /** What every restore fact of one run shares. */
  private record RunFacts(String beforeKind, List<String> ignored) {
    List<String> ignoredOrNull() {
      return ignored.isEmpty() ? null : ignored;
    }
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
    boolean root = callerUid.orElse(-1) == 0;
    return !root
        || (prior.uid() == null || prior.uid().equals(m.uid()))
            && (prior.gid() == null || prior.gid().equals(m.gid()));
  }

  /** A dry run reads and checks the payload exactly as the real run would. */
  private Applied plan(
      ArtifactDirectory dir,
      SnapshotEntry entry,
      Sidecar.Prior prior,
      NodeState payload,
      ContentHash expected,
      Policy policy,
      Capture capture)
      throws BackupException {
    if (!(prior instanceof Sidecar.PriorFile)) {
      capture.run();
      return new Applied(null, false, 0, 0, 0);
    }
    long start = System.nanoTime();
    ContentHash actual = hash(dir, entry.payload(), entry.target());
    boolean verified = checkHash(entry, expected, actual, policy);
    if (((Sidecar.PriorFile) prior).metadataHash() != null) {
      try {
        checkMetadata(
            entry,
            (Sidecar.PriorFile) prior,
            dir.xattrs(Directories.name(entry.payload())),
            policy);
      } catch (IOException e) {
        throw failed(
            entry.target(),
            String.format("cannot read the extended attributes of %s: " + "%s", entry.payload(), e),
            e);
      }
    }
    long nanos = System.nanoTime() - start;
    capture.run();
    return new Applied(actual, verified, ((NodeState.RegularFile) payload).size(), nanos, 0);
  }

  private Applied apply(
      ArtifactDirectory dir,
      SnapshotEntry entry,
      Sidecar.Prior prior,
      NodeState payload,
      ContentHash expected,
      Policy policy,
      Path target,
      Capture capture)
      throws BackupException {
    String targetName = Targets.name(target);
    try {
      if (prior instanceof Sidecar.PriorNone) {
        capture.run();
        dir.delete(targetName);
        return new Applied(null, false, 0, 0, flushDirectory(dir, target, policy));
      }
      if (prior instanceof Sidecar.PriorSymlink l) {
        return applySymlink(dir, l, policy, target, capture);
      }
      return applyFile(
          dir,
          entry,
          (Sidecar.PriorFile) prior,
          (NodeState.RegularFile) payload,
          expected,
          policy,
          target,
          capture);
    } catch (IOException e) {
      throw failed(
          target,
          String.format(
              "cannot write %s back from %s: %s; the target was left " + "as it was",
              target, entry.payload(), e),
          e);
    }
  }

  /**
   * Copies the payload into a new file completed by descriptor (bytes checked against the sidecar's
   * hash, then owner, mode, extended attributes, mtime, flush), and only then puts it in the
   * target's place.
   */
  private Applied applyFile(
      ArtifactDirectory dir,
      SnapshotEntry entry,
      Sidecar.PriorFile f,
      NodeState.RegularFile payload,
      ContentHash expected,
      Policy policy,
      Path target,
      Capture capture)
      throws IOException, BackupException {
    long start = System.nanoTime();
    boolean flush = policy.requireBackupDurability();
    StagedFile staged =
        StampAllocator.claim(
                target,
                stagingName(target, policy),
                STAGING_BUMPS,
                name ->
                    dir.stageCopy(
                        Directories.name(entry.payload()),
                        payload,
                        hasher,
                        new StageOptions(
                            name.fileName(ArtifactRole.RESTORE_TEMP),
                            false,
                            flush && durability.writesBehind())))
            .value();
    try (StagedFile file = staged) {
      Copied copied = file.copied();
      boolean verified = checkHash(entry, expected, copied.hash(), policy);
      checkMetadata(entry, f, copied.xattrs(), policy);
      // A v1/v2 sidecar records no owner: the payload's is kept, as switchyard's rename of the
      // payload over the target keeps it (not the owner of whoever runs the restore).
      NodeState.FileMetadata payloadMeta = payload.metadata();
      List<String> notRestored =
          new java.util.ArrayList<>(
              file.complete(
                  new NodeState.FileMetadata(
                      f.mode(),
                      f.uid() != null ? f.uid() : payloadMeta.uid(),
                      f.gid() != null ? f.gid() : payloadMeta.gid(),
                      f.mtime())));
      // recorded attributes this process cannot even read were not put back either
      for (String name : MetadataDigest.unseen(f, copied.xattrs())) {
        if (!notRestored.contains(name)) {
          notRestored.add(name);
        }
      }
      long copyNanos = System.nanoTime() - start;
      long fsyncNanos = 0;
      if (flush) {
        long flushStart = System.nanoTime();
        durability.flushFiles(List.of(file));
        fsyncNanos = System.nanoTime() - flushStart;
      }
      capture.run();
      file.replace(Targets.name(target));
      fsyncNanos += flushDirectory(dir, target, policy);
      return new Applied(
          copied.hash(), verified, copied.bytes(), copyNanos, fsyncNanos, notRestored);
    }
  }

  private Applied applySymlink(
      ArtifactDirectory dir, Sidecar.PriorSymlink link, Policy policy, Path target, Capture capture)
      throws IOException, BackupException {
    long start = System.nanoTime();
    BackupName staging =
        StampAllocator.claim(
                target,
                stagingName(target, policy),
                STAGING_BUMPS,
                name -> {
                  dir.createSymlink(name.fileName(ArtifactRole.RESTORE_TEMP), link.destination());
                  return name;
                })
            .name();
    String stagingFile = staging.fileName(ArtifactRole.RESTORE_TEMP);
    boolean moved = false;
    try {
      long nanos = System.nanoTime() - start;
      capture.run();
      dir.rename(stagingFile, Targets.name(target));
      moved = true;
      return new Applied(null, false, 0, nanos, flushDirectory(dir, target, policy));
    } finally {
      if (!moved) {
        try {
          dir.delete(stagingFile);
        } catch (IOException e) {
          // a leftover staging link is removed by the next prune
        }
      }
    }
  }

  /** How many stamps past the clock a staging name may take. */
  private static final int STAGING_BUMPS = 1000;

  private BackupName stagingName(Path target, Policy policy) throws BackupException {
    // a staging file may carry a tag that is read but never written as a snapshot
    return StampAllocator.at(
        target, BackupName.ofAnyTag(Targets.name(target), policy.tag(), 0), clock.millis());
  }

  /**
   * Snapshots the state about to be replaced (or, in a dry run, plans to), at most once, in the
   * directory the restore holds.
   */
  private final class Capture {
    private final ArtifactDirectory dir;
    private final Path target;
    private final Policy policy;
    private final boolean dryRun;
    Snapshot taken;

    Capture(ArtifactDirectory dir, Path target, Policy policy, boolean dryRun) {
      this.dir = dir;
      this.target = target;
      this.policy = policy;
      this.dryRun = dryRun;
    }

    void run() throws BackupException {
      if (!policy.captureRestoreSnapshot()) {
        return;
      }
      try {
        taken = snapshots.capture(dir, target, policy, dryRun);
      } catch (BackupException e) {
        // The capture is a step of this restore: a restore that fails exits as one
        // (E_RESTORE_FAILED), not as a snapshot command would.
        throw failed(
            target,
            String.format(
                "cannot capture the current state of %s before "
                    + "restoring it (%s); the target was left as it was (restore without the capture "
                    + "with --no-capture)",
                target, e.getMessage()),
            e);
      }
    }
  }

  /** Tampered or damaged metadata is refused like tampered bytes (unless integrity is relaxed). */
  private void checkMetadata(
      SnapshotEntry entry,
      Sidecar.PriorFile f,
      io.backupsidecar.domain.model.ExtendedAttributes xattrs,
      Policy policy)
      throws BackupException {
    Optional<String> problem =
        MetadataDigest.problem(hasher, f, xattrs, entry.payload().toString());
    if (problem.isPresent() && policy.requireSidecarIntegrity()) {
      throw failed(entry.target(), problem.get() + "; the target was left as it was", null);
    }
  }

  private boolean checkHash(
      SnapshotEntry entry, ContentHash expected, ContentHash actual, Policy policy)
      throws BackupException {
    if (expected == null) {
      return false;
    }
    if (!expected.equals(actual)) {
      if (policy.requireSidecarIntegrity()) {
        throw failed(
            entry.target(),
            String.format(
                "payload %s does not match its sidecar: SHA-256 is %s, the sidecar records %s; it "
                    + "was changed or damaged, and the target was left as it was",
                entry.payload(), actual.hex(), expected.hex()),
            null);
      }
      return false;
    }
    return true;
  }

  private long flushDirectory(ArtifactDirectory dir, Path target, Policy policy)
      throws BackupException {
    if (!policy.requireBackupDurability()) {
      return 0;
    }
    long start = System.nanoTime();
    try {
      durability.flushDirectory(dir);
    } catch (IOException e) {
      throw failed(
          target,
          String.format(
              "%s was restored but flushing %s failed: %s; the "
                  + "restore may not survive a crash (a failed flush is never retried)",
              target, dir.path(), e),
          e);
    }
    return System.nanoTime() - start;
  }

  private NodeState inspect(ArtifactDirectory dir, Path path, Path target) throws BackupException {
    try {
      return dir.inspect(Directories.name(path));
    } catch (IOException e) {
      throw failed(target, String.format("cannot inspect %s: %s", path, e), e);
    }
  }

  /**
   * Whether the target holds exactly the payload's bytes; stops at the first difference, so a
   * changed file costs a block or two rather than a hash of the whole file.
   */
  private boolean sameBytes(ArtifactDirectory dir, Path payload, Path target)
      throws BackupException {
    try {
      return dir.mismatch(Directories.name(payload), Targets.name(target)) < 0;
    } catch (IOException e) {
      throw failed(target, String.format("cannot compare %s with %s: %s", target, payload, e), e);
    }
  }

  private ContentHash hash(ArtifactDirectory dir, Path path, Path target) throws BackupException {
    try {
      return dir.hash(Directories.name(path), hasher);
    } catch (IOException e) {
      throw failed(target, String.format("cannot read %s: %s", path, e), e);
    }
  }

  private static BackupException failed(Path target, String message, Throwable cause) {
    return new BackupException(
        ErrorId.E_RESTORE_FAILED,
        target,
        String.format("cannot restore %s: %s", target, message),
        cause);
  }

  private record Chosen(SnapshotEntry entry, Sidecar sidecar) {}

  private record Applied(
      ContentHash after,
      boolean verified,
      long bytes,
      long copyNanos,
      long fsyncNanos,
      List<String> notRestored) {
    Applied(ContentHash after, boolean verified, long bytes, long copyNanos, long fsyncNanos) {
      this(after, verified, bytes, copyNanos, fsyncNanos, List.of());
    }
  }
}
