package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.BackupName;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Snapshot;
import io.backupsidecar.domain.model.SnapshotListing;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.ArtifactStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Takes snapshots with the crash-safe protocol of DESIGN §4: the sidecar is the commit record,
 * written only after the payload is durable, and published exclusively.
 *
 * <p>Every target's directory is opened once and held: each step acts inside it by name. The steps,
 * each in its own class: every target is inspected and named ({@link PendingSnapshot}), its first
 * stamp is chosen after trusted history ({@link StampPlanner}), then the batch goes through the
 * {@link CommitProtocol} (payloads by {@link PayloadStep}, sidecars by {@link SidecarBuilder}, the
 * shared directory flushes by {@link FlushBarrier}), and each target's outcome is a fact ({@link
 * SnapshotFacts}). A failure removes what was not committed.
 */
public final class SnapshotService {
  private final ArtifactStore store;
  private final StampPlanner stamps;
  private final CommitProtocol protocol;
  private final SnapshotFacts facts;
  private final Clock clock;

  /**
   * Creates the service over exactly what it uses; {@link Services#wire} builds it.
   *
   * @param store where target directories are opened
   * @param stamps chooses each snapshot's first stamp
   * @param protocol writes and commits, or plans in a dry run
   * @param facts reports each target's outcome
   * @param clock where stamps and times come from
   */
  SnapshotService(
      ArtifactStore store,
      StampPlanner stamps,
      CommitProtocol protocol,
      SnapshotFacts facts,
      Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.stamps = Objects.requireNonNull(stamps, "stamps");
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.facts = Objects.requireNonNull(facts, "facts");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Snapshots one target; see {@link #snapshotAll(List, Policy, boolean)}. */
  public Snapshot snapshot(Path target, Policy policy) throws BackupException {
    return snapshotAll(List.of(target), policy, false).get(0);
  }

  /**
   * Snapshots every target (duplicates once), in the given order.
   *
   * <p>Every target is inspected and its name checked before anything is written: a directory,
   * FIFO, socket or device ({@link ErrorId#E_UNSUPPORTED_NODE}) or a name too long for a backup
   * name ({@link ErrorId#E_POLICY}) fails the call with nothing written.
   *
   * @param dryRun plan only: inspect and hash, write nothing, emit the facts the real run would
   *     emit (with {@code dry_run} set)
   * @return the snapshots, in target order
   * @throws BackupException {@link ErrorId#E_SNAPSHOT_FAILED} when writing or flushing failed;
   *     snapshots of the call that were already committed stay (they are valid history)
   */
  public List<Snapshot> snapshotAll(List<Path> targets, Policy policy, boolean dryRun)
      throws BackupException {
    Instant startedAt = clock.instant();
    Map<Path, ArtifactDirectory> dirs = new LinkedHashMap<>();
    BackupException failure = null;
    try {
      List<PendingSnapshot> pending = new ArrayList<>();
      for (Path target : new LinkedHashSet<>(targets)) {
        try {
          Path checked = Targets.check(target);
          ArtifactDirectory dir = dirs.get(checked.getParent());
          if (dir == null) {
            dir =
                Directories.open(store, checked, ErrorId.E_SNAPSHOT_FAILED, "nothing was written");
            dirs.put(checked.getParent(), dir);
          }
          pending.add(
              inspect(dir, checked, policy, startedAt.toEpochMilli(), Sidecar.Origin.SNAPSHOT));
        } catch (BackupException e) {
          // refused before anything was written: the refusal is a fact too
          facts.failed(String.valueOf(target), policy, e, dryRun);
          throw e;
        }
      }
      return take(pending, policy, dryRun, startedAt, null);
    } catch (BackupException e) {
      failure = e;
      throw e;
    } finally {
      for (ArtifactDirectory dir : dirs.values()) {
        Directories.closeQuietly(dir, failure);
      }
    }
  }

  /**
   * Snapshots the current state of a target in a directory the caller holds, as a restore's capture
   * of the state it is about to replace (always written as v3, to say so).
   *
   * @param hold the target held in place to become the payload without a copy, or {@code null}
   * @param listed the restore's listing of the target's snapshots in {@code dir}, or {@code null}:
   *     the first stamp is chosen from it rather than from a second listing
   */
  Snapshot capture(
      ArtifactDirectory dir,
      Path target,
      Policy policy,
      boolean dryRun,
      CaptureHold hold,
      SnapshotListing listed)
      throws BackupException {
    Instant startedAt = clock.instant();
    PendingSnapshot p;
    try {
      p = inspect(dir, target, policy, startedAt.toEpochMilli(), Sidecar.Origin.RESTORE_CAPTURE);
    } catch (BackupException e) {
      facts.failed(target.toString(), policy, e, dryRun);
      throw e;
    }
    if (hold != null) {
      p.offer(hold);
    }
    return take(List.of(p), policy, dryRun, startedAt, listed).get(0);
  }

  /** Whole milliseconds, as facts carry times (restore's facts too). */
  static long millis(long nanos) {
    return SnapshotFacts.millis(nanos);
  }

  private List<Snapshot> take(
      List<PendingSnapshot> pending,
      Policy policy,
      boolean dryRun,
      Instant startedAt,
      SnapshotListing listed)
      throws BackupException {
    try {
      if (listed != null && pending.size() == 1) {
        stamps.chooseFrom(pending.get(0), listed, policy, startedAt.toEpochMilli());
      } else {
        stamps.choose(pending, policy, startedAt.toEpochMilli());
      }
      List<Snapshot> out = new ArrayList<>();
      if (dryRun) {
        for (PendingSnapshot p : pending) {
          Taken taken = protocol.plan(p, policy, clock.instant());
          facts.created(taken, true, 0);
          out.add(taken.snapshot());
        }
        return out;
      }
      CommitProtocol.Committed committed = protocol.write(pending, policy, startedAt);
      for (Taken taken : committed.taken()) {
        facts.created(taken, false, committed.fsyncNanos());
        out.add(taken.snapshot());
      }
      return out;
    } catch (BackupException e) {
      for (PendingSnapshot p : pending) {
        if (p.step() != PendingSnapshot.Step.COMMITTED) {
          facts.failed(p.target.toString(), policy, e, dryRun);
        }
      }
      throw e;
    }
  }

  /** Inspects a target and names its snapshot, writing nothing. */
  private static PendingSnapshot inspect(
      ArtifactDirectory dir, Path target, Policy policy, long now, Sidecar.Origin origin)
      throws BackupException {
    NodeState state;
    try {
      state = dir.inspect(Targets.name(target));
    } catch (IOException e) {
      throw new BackupException(
          ErrorId.E_SNAPSHOT_FAILED,
          target,
          String.format("cannot inspect %s: %s; nothing was written", target, e),
          e);
    }
    if (state instanceof NodeState.Unsupported unsupported) {
      throw new BackupException(
          ErrorId.E_UNSUPPORTED_NODE,
          target,
          String.format(
              "%s is a %s: only regular files, symlinks and absent paths can be snapshotted; "
                  + "nothing was written",
              target, unsupported.kind().label()));
    }
    BackupName name;
    try {
      name = BackupName.of(Targets.name(target), policy.tag(), now);
    } catch (BackupException e) {
      throw new BackupException(
          ErrorId.E_POLICY,
          target,
          String.format(
              "cannot snapshot %s: %s; nothing was written (a target needs a shorter name, or "
                  + "a shorter tag, to be snapshotted)",
              target, e.getMessage()),
          e);
    }
    return new PendingSnapshot(target, dir, state, name, origin);
  }
}
