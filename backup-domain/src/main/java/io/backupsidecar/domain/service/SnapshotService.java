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
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.SchemaVersion;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Snapshot;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Takes snapshots with the crash-safe protocol of DESIGN §4: the sidecar is the commit
 * record, written only after the payload is durable, and published by an atomic rename.
 *
 * <p>Several targets in one call share the directory flushes: all payloads are written and
 * flushed, each directory is flushed once (the barrier), then all sidecars are committed and
 * each directory is flushed once more (the commit). A failure removes what was not committed.
 */
public final class SnapshotService {
  /** How many stamps past the first choice are tried before giving up. */
  private static final int MAX_STAMP_BUMPS = 100_000;

  private final Ports ports;

  /** Creates the service over the given ports. */
  public SnapshotService(Ports ports) {
    this.ports = ports;
  }

  /** Snapshots one target; see {@link #snapshotAll(List, Policy, boolean)}. */
  public Snapshot snapshot(Path target, Policy policy) throws BackupException {
    return snapshotAll(List.of(target), policy, false).get(0);
  }

  /**
   * Snapshots every target (duplicates once), in the given order.
   *
   * <p>Every target is inspected and its name checked before anything is written: a
   * directory, FIFO, socket or device ({@link ErrorId#E_UNSUPPORTED_NODE}) or a name too long
   * for a backup name ({@link ErrorId#E_POLICY}) fails the call with nothing written.
   *
   * @param dryRun plan only: inspect and hash, write nothing, emit the facts the real run
   *     would emit (with {@code dry_run} set)
   * @return the snapshots, in target order
   * @throws BackupException {@link ErrorId#E_SNAPSHOT_FAILED} when writing or flushing failed;
   *     snapshots of the call that were already committed stay (they are valid history)
   */
  public List<Snapshot> snapshotAll(List<Path> targets, Policy policy, boolean dryRun)
      throws BackupException {
    return snapshotAll(targets, policy, dryRun, Sidecar.Origin.SNAPSHOT);
  }

  /** Snapshots with a given origin; a restore's capture is always written as v3 to say so. */
  List<Snapshot> snapshotAll(List<Path> targets, Policy policy, boolean dryRun,
      Sidecar.Origin origin) throws BackupException {
    Instant startedAt = ports.clock().instant();
    List<Work> work = new ArrayList<>();
    for (Path target : new LinkedHashSet<>(targets)) {
      try {
        Work w = inspect(Targets.check(target), policy, startedAt.toEpochMilli());
        w.origin = origin;
        work.add(w);
      } catch (BackupException e) {
        // refused before anything was written: the refusal is a fact too
        ports.facts().emit(failureFact(String.valueOf(target), policy.tag().value(), e, dryRun));
        throw e;
      }
    }
    try {
      chooseStamps(work, startedAt.toEpochMilli());
      if (dryRun) {
        return plan(work, policy);
      }
      return write(work, policy, startedAt);
    } catch (BackupException e) {
      for (Work w : work) {
        if (!w.committed) {
          emitFailure(w, e, dryRun);
        }
      }
      throw e;
    }
  }

  private Work inspect(Path target, Policy policy, long now) throws BackupException {
    NodeState state;
    try {
      state = ports.inspector().inspect(target);
    } catch (IOException e) {
      throw new BackupException(ErrorId.E_SNAPSHOT_FAILED, target, String.format(
          "cannot inspect %s: %s; nothing was written", target, e), e);
    }
    if (state instanceof NodeState.Unsupported unsupported) {
      throw new BackupException(ErrorId.E_UNSUPPORTED_NODE, target, String.format(
          "%s is a %s: only regular files, symlinks and absent paths can be snapshotted; "
              + "nothing was written", target, unsupported.kind().label()));
    }
    BackupName name;
    try {
      name = BackupName.of(Targets.name(target), policy.tag(), now);
    } catch (BackupException e) {
      throw new BackupException(ErrorId.E_POLICY, target, String.format(
          "cannot snapshot %s: %s; nothing was written (a target needs a shorter name, or "
              + "a shorter tag, to be snapshotted)", target, e.getMessage()), e);
    }
    return new Work(target, state, name);
  }

  /**
   * Starts each target's stamp after the newest stamp already on disk, so that "latest" stays
   * the newest even if the clock stepped back; the exclusive create still settles races.
   */
  private void chooseStamps(List<Work> work, long now) throws BackupException {
    Map<Path, List<String>> namesByDirectory = new LinkedHashMap<>();
    for (Work w : work) {
      Path dir = w.target.getParent();
      if (!namesByDirectory.containsKey(dir)) {
        try {
          namesByDirectory.put(dir, ports.store().list(dir));
        } catch (NoSuchFileException e) {
          throw new BackupException(ErrorId.E_SNAPSHOT_FAILED, w.target, String.format(
              "the directory of %s does not exist; nothing was written", w.target), e);
        } catch (IOException e) {
          throw new BackupException(ErrorId.E_SNAPSHOT_FAILED, w.target, String.format(
              "cannot list the directory of %s: %s; nothing was written", w.target, e), e);
        }
      }
      long newest = BackupName.newestStamp(namesByDirectory.get(dir), Targets.name(w.target),
          w.name.tag());
      long stamp = Math.max(now, newest + 1);
      w.name = nameAt(w, stamp);
    }
  }

  private List<Snapshot> plan(List<Work> work, Policy policy) throws BackupException {
    List<Snapshot> out = new ArrayList<>();
    for (Work w : work) {
      if (w.state instanceof NodeState.RegularFile file) {
        w.bytes = file.size();
        long start = System.nanoTime();
        try {
          w.hash = ports.store().hash(w.target, ports.hasher());
        } catch (IOException e) {
          throw new BackupException(ErrorId.E_SNAPSHOT_FAILED, w.target,
              String.format("cannot read %s: %s", w.target, e), e);
        }
        w.copyNanos = System.nanoTime() - start;
      }
      Snapshot s = new Snapshot(w.target, w.name, sidecarOf(w, policy, ports.clock().instant()),
          policy.requireBackupDurability(), bytesOf(w));
      ports.facts().emit(successFact(w, s, true, 0));
      out.add(s);
    }
    return out;
  }

  private List<Snapshot> write(List<Work> work, Policy policy, Instant startedAt)
      throws BackupException {
    boolean durable = policy.requireBackupDurability();
    long fsyncNanos = 0;
    try {
      for (Work w : work) {
        writePayload(w);
      }
      if (durable) {
        long start = System.nanoTime();
        durable = flushPayloads(work);
        fsyncNanos += System.nanoTime() - start;
      }
      for (Work w : work) {
        writeSidecarTemp(w, policy, startedAt);
      }
      if (policy.requireBackupDurability()) {
        long start = System.nanoTime();
        durable &= flushSidecarTemps(work);
        fsyncNanos += System.nanoTime() - start;
      }
      for (Work w : work) {
        commit(w);
      }
      if (policy.requireBackupDurability()) {
        long start = System.nanoTime();
        durable &= flushDirectories(work);
        fsyncNanos += System.nanoTime() - start;
      }
    } catch (BackupException e) {
      cleanUp(work, e);
      throw e;
    }
    List<Snapshot> out = new ArrayList<>();
    for (Work w : work) {
      Snapshot s = new Snapshot(w.target, w.name, w.sidecar, durable, bytesOf(w));
      ports.facts().emit(successFact(w, s, false, fsyncNanos));
      out.add(s);
    }
    return out;
  }

  private void writePayload(Work w) throws BackupException {
    for (int bump = 0; ; bump++) {
      Path payload = w.payload();
      try {
        long start = System.nanoTime();
        w.payloadWritten = true;
        if (w.state instanceof NodeState.RegularFile file) {
          Copied copied = ports.store().copyNewSparse(w.target, file, payload, ports.hasher());
          w.hash = copied.hash();
          w.bytes = copied.bytes();
          w.hashNanos = copied.hashNanos();
          ports.store().applyMetadata(payload, file.metadata());
        } else if (w.state instanceof NodeState.Symlink link) {
          ports.store().createSymlinkNew(payload, link.destination());
        } else {
          ports.store().createEmptyNew(payload);
        }
        w.copyNanos = System.nanoTime() - start;
        return;
      } catch (FileAlreadyExistsException e) {
        // someone else holds this stamp (another thread or process): take the next one
        w.payloadWritten = false;
        if (bump >= MAX_STAMP_BUMPS) {
          throw new BackupException(ErrorId.E_SNAPSHOT_FAILED, w.target, String.format(
              "no free backup name for %s after %d tries", w.target, MAX_STAMP_BUMPS), e);
        }
        w.name = nameAt(w, w.name.stamp() + 1);
      } catch (IOException e) {
        throw new BackupException(ErrorId.E_SNAPSHOT_FAILED, w.target, String.format(
            "cannot write the payload %s of %s: %s", payload, w.target, e), e);
      }
    }
  }

  private BackupName nameAt(Work w, long stamp) throws BackupException {
    try {
      return BackupName.of(Targets.name(w.target), w.name.tag(), stamp);
    } catch (BackupException e) {
      throw new BackupException(ErrorId.E_POLICY, w.target, e.getMessage(), e);
    }
  }

  /** Flushes the payload files, then each directory once: the ordering barrier. */
  private boolean flushPayloads(List<Work> work) throws BackupException {
    List<Path> files = new ArrayList<>();
    for (Work w : work) {
      if (!(w.state instanceof NodeState.Symlink)) {
        files.add(w.payload());
      }
    }
    FlushResult result;
    try {
      result = files.isEmpty() ? FlushResult.FLUSHED : ports.durability().flushFiles(files);
    } catch (IOException e) {
      throw flushFailed(work.get(0), "the payloads", e);
    }
    return result == FlushResult.FLUSHED && flushDirectories(work);
  }

  private boolean flushSidecarTemps(List<Work> work) throws BackupException {
    List<Path> temps = new ArrayList<>();
    for (Work w : work) {
      temps.add(w.sidecarTemp());
    }
    try {
      return ports.durability().flushFiles(temps) == FlushResult.FLUSHED;
    } catch (IOException e) {
      throw flushFailed(work.get(0), "the sidecars", e);
    }
  }

  private boolean flushDirectories(List<Work> work) throws BackupException {
    boolean all = true;
    for (Path dir : new LinkedHashSet<>(work.stream().map(w -> w.target.getParent()).toList())) {
      try {
        all &= ports.durability().flushDirectory(dir) == FlushResult.FLUSHED;
      } catch (IOException e) {
        throw flushFailed(work.get(0), "the directory " + dir, e);
      }
    }
    return all;
  }

  private static BackupException flushFailed(Work w, String what, IOException e) {
    return new BackupException(ErrorId.E_SNAPSHOT_FAILED, w.target, String.format(
        "flushing %s of %s failed: %s; the snapshot was not committed (a failed flush is never "
            + "retried: check the disk, then snapshot again)", what, w.target, e), e);
  }

  private void writeSidecarTemp(Work w, Policy policy, Instant createdAt)
      throws BackupException {
    w.sidecar = sidecarOf(w, policy, createdAt);
    byte[] bytes = ports.codec().encode(w.sidecar);
    try {
      w.tempWritten = true;
      ports.store().writeNew(w.sidecarTemp(), bytes, sidecarPermissions(w.state));
    } catch (FileAlreadyExistsException e) {
      w.tempWritten = false;
      throw new BackupException(ErrorId.E_SNAPSHOT_FAILED, w.target, String.format(
          "%s already exists: another process is writing this snapshot's sidecar",
          w.sidecarTemp()), e);
    } catch (IOException e) {
      throw new BackupException(ErrorId.E_SNAPSHOT_FAILED, w.target, String.format(
          "cannot write the sidecar %s: %s", w.sidecarTemp(), e), e);
    }
  }

  private void commit(Work w) throws BackupException {
    try {
      ports.store().moveAtomically(w.sidecarTemp(), w.sidecarPath());
      w.committed = true;
      w.tempWritten = false;
    } catch (IOException e) {
      throw new BackupException(ErrorId.E_SNAPSHOT_FAILED, w.target, String.format(
          "cannot publish the sidecar %s: %s", w.sidecarPath(), e), e);
    }
  }

  private void cleanUp(List<Work> work, BackupException failure) {
    for (Work w : work) {
      if (w.committed) {
        continue;
      }
      try {
        if (w.tempWritten) {
          ports.store().deleteIfPresent(w.sidecarTemp());
        }
        if (w.payloadWritten) {
          ports.store().deleteIfPresent(w.payload());
        }
      } catch (IOException e) {
        // what stays is an incomplete snapshot: never restored from, removed by prune
        failure.addSuppressed(e);
      }
    }
  }

  private Sidecar sidecarOf(Work w, Policy policy, Instant createdAt) {
    Sidecar.Prior prior;
    if (w.state instanceof NodeState.RegularFile file) {
      prior = new Sidecar.PriorFile(file.metadata().mode(), w.hash, w.bytes,
          file.metadata().uid(), file.metadata().gid(), file.metadata().mtime());
    } else if (w.state instanceof NodeState.Symlink link) {
      prior = new Sidecar.PriorSymlink(link.destination());
    } else {
      prior = new Sidecar.PriorNone();
    }
    Sidecar full = new Sidecar(SchemaVersion.V3, prior, new Sidecar.Provenance(
        createdAt, w.name.tag(), Targets.name(w.target), ports.tool(), w.origin));
    return w.origin == Sidecar.Origin.SNAPSHOT ? full.withVersion(policy.sidecarVersion()) : full;
  }

  /**
   * A sidecar is readable by whoever could read the target and by nobody else: it holds the
   * target's hash, which must not leak a secret file's content to brute force.
   */
  private static int sidecarPermissions(NodeState state) {
    if (state instanceof NodeState.RegularFile file) {
      return 0600 | (file.metadata().mode().permissions() & 0044);
    }
    return 0644;
  }

  private static long bytesOf(Work w) {
    return w.bytes;
  }

  private Fact successFact(Work w, Snapshot s, boolean dryRun, long fsyncNanos) {
    boolean isFile = w.state instanceof NodeState.RegularFile;
    return Fact.builder(FactEvent.SNAPSHOT_RESULT, dryRun)
        .put(FactField.PATH, w.target.toString())
        .put(FactField.TAG, w.name.tag().value())
        .put(FactField.OUTCOME, "created")
        .put(FactField.PRIOR_KIND, w.state.priorKind().wireName())
        .put(FactField.BACKUP, w.name.payloadFileName())
        .put(FactField.STAMP, w.name.stamp())
        .put(FactField.PAYLOAD_HASH, w.hash == null ? null : w.hash.hex())
        .put(FactField.HASH_ALG, isFile ? ContentHash.ALGORITHM : null)
        .put(FactField.BACKUP_DURABLE, s.durable())
        .put(FactField.BYTES, s.bytes())
        .put(FactField.HASH_MS, isFile ? millis(w.hashNanos) : null)
        .put(FactField.COPY_MS, millis(w.copyNanos))
        .put(FactField.FSYNC_MS, millis(fsyncNanos))
        .build();
  }

  private void emitFailure(Work w, BackupException e, boolean dryRun) {
    ports.facts().emit(failureFact(w.target.toString(), w.name.tag().value(), e, dryRun));
  }

  private static Fact failureFact(String path, String tag, BackupException e, boolean dryRun) {
    return Failures.fact(FactEvent.SNAPSHOT_RESULT, path, tag, e, dryRun);
  }

  static long millis(long nanos) {
    return nanos / 1_000_000L;
  }

  /** The state of one target through the protocol. */
  private static final class Work {
    final Path target;
    final NodeState state;
    BackupName name;
    Sidecar.Origin origin = Sidecar.Origin.SNAPSHOT;
    ContentHash hash;
    long bytes;
    long hashNanos;
    long copyNanos;
    Sidecar sidecar;
    boolean payloadWritten;
    boolean tempWritten;
    boolean committed;

    Work(Path target, NodeState state, BackupName name) {
      this.target = target;
      this.state = state;
      this.name = name;
    }

    Path payload() {
      return target.resolveSibling(name.payloadFileName());
    }

    Path sidecarTemp() {
      return target.resolveSibling(name.fileName(ArtifactRole.SIDECAR_TEMP));
    }

    Path sidecarPath() {
      return target.resolveSibling(name.sidecarFileName());
    }
  }
}
