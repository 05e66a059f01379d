package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.BackupName;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.ExtendedAttributes;
import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.model.FactField;
import io.backupsidecar.domain.model.FactOutcome;
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.SchemaVersion;
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
import io.backupsidecar.domain.port.SidecarCodec;
import io.backupsidecar.domain.port.StagedFile;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Takes snapshots with the crash-safe protocol of DESIGN §4: the sidecar is the commit record,
 * written only after the payload is durable, and published exclusively.
 *
 * <p>Every target's directory is opened once and held: each step acts inside it by name. New files
 * are completed through their own descriptor (bytes, owner, mode, extended attributes, time, flush)
 * before they get a name. Several targets in one call share the directory flushes: all payloads are
 * written, flushed and named, each directory is flushed once (the barrier), then all sidecars are
 * committed and each directory is flushed once more (the commit). A failure removes what was not
 * committed.
 */
public final class SnapshotService {
  /** How many stamps past the first choice are tried before giving up. */
  private static final int MAX_STAMP_BUMPS = 100_000;

  private final ArtifactStore store;
  private final Durability durability;
  private final Hasher hasher;
  private final SidecarCodec codec;
  private final FactEmitter facts;
  private final Clock clock;
  private final String tool;
  private final SnapshotCatalog catalog;

  /**
   * Creates the service over exactly what it uses.
   *
   * @param store where artifacts are made and read
   * @param durability how new files and directories are flushed
   * @param hasher SHA-256
   * @param codec sidecar bytes
   * @param facts where facts go
   * @param clock where stamps and times come from
   * @param tool name/version written in sidecars, e.g. {@code backup/0.1.0}
   * @param catalog reads sidecars, so the next stamp follows trusted history only
   */
  public SnapshotService(
      ArtifactStore store,
      Durability durability,
      Hasher hasher,
      SidecarCodec codec,
      FactEmitter facts,
      Clock clock,
      String tool,
      SnapshotCatalog catalog) {
    this.store = Objects.requireNonNull(store, "store");
    this.durability = Objects.requireNonNull(durability, "durability");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.facts = Objects.requireNonNull(facts, "facts");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tool = Objects.requireNonNull(tool, "tool");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
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
          facts.emit(failureFact(String.valueOf(target), policy, e, dryRun));
          throw e;
        }
      }
      return take(pending, policy, dryRun, startedAt);
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
   */
  Snapshot capture(ArtifactDirectory dir, Path target, Policy policy, boolean dryRun)
      throws BackupException {
    Instant startedAt = clock.instant();
    PendingSnapshot p;
    try {
      p = inspect(dir, target, policy, startedAt.toEpochMilli(), Sidecar.Origin.RESTORE_CAPTURE);
    } catch (BackupException e) {
      facts.emit(failureFact(target.toString(), policy, e, dryRun));
      throw e;
    }
    return take(List.of(p), policy, dryRun, startedAt).get(0);
  }

  private List<Snapshot> take(
      List<PendingSnapshot> pending, Policy policy, boolean dryRun, Instant startedAt)
      throws BackupException {
    try {
      chooseStamps(pending, policy, startedAt.toEpochMilli());
      return dryRun ? plan(pending, policy) : write(pending, policy, startedAt);
    } catch (BackupException e) {
      for (PendingSnapshot p : pending) {
        if (p.step != PendingSnapshot.Step.COMMITTED) {
          facts.emit(failureFact(p.target.toString(), policy, e, dryRun));
        }
      }
      throw e;
    }
  }

  private PendingSnapshot inspect(
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

  /**
   * Starts each target's stamp after the newest trusted, believed snapshot already in its
   * directory, so that "latest" stays the newest even if the clock stepped back; the exclusive
   * naming still settles races. A stamp beyond the clock's tolerance, or one whose sidecar another
   * user could have planted, cannot push our stamps ahead (nor, near the top of the range, into
   * stamps we could not parse). Each directory is listed once.
   */
  private void chooseStamps(List<PendingSnapshot> pending, Policy policy, long now)
      throws BackupException {
    Map<ArtifactDirectory, List<String>> names = new IdentityHashMap<>();
    for (PendingSnapshot p : pending) {
      List<String> list = names.get(p.dir);
      if (list == null) {
        try {
          list = p.dir.list();
        } catch (IOException e) {
          throw new BackupException(
              ErrorId.E_SNAPSHOT_FAILED,
              p.target,
              String.format(
                  "cannot list the directory of %s: %s; nothing was written", p.target, e),
              e);
        }
        names.put(p.dir, list);
      }
      long newest = newestTrusted(p, list, policy, now);
      p.name = StampAllocator.at(p.target, p.name, Math.max(now, newest + 1));
    }
  }

  /**
   * The newest believed stamp of this target and tag whose sidecar is trusted, as far as it can
   * matter: a stamp below the clock cannot raise the next one, so the cheap digit scan decides
   * alone, and sidecars are read (newest first, until a trusted one) only when some artifact claims
   * a stamp at or past the clock.
   */
  private long newestTrusted(PendingSnapshot p, List<String> names, Policy policy, long now) {
    long ceiling = now + BackupName.FUTURE_TOLERANCE_MILLIS;
    long newest = BackupName.newestStamp(names, p.targetName(), p.name.tag(), ceiling);
    if (newest < now) {
      return newest;
    }
    SnapshotListing listing = SnapshotListing.of(p.target, p.name.tag(), names);
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

  private List<Snapshot> plan(List<PendingSnapshot> pending, Policy policy) throws BackupException {
    List<Snapshot> out = new ArrayList<>();
    for (PendingSnapshot p : pending) {
      if (p.state instanceof NodeState.RegularFile file) {
        p.bytes = file.size();
        long start = System.nanoTime();
        try {
          p.hash = p.dir.hash(p.targetName(), hasher);
        } catch (IOException e) {
          throw new BackupException(
              ErrorId.E_SNAPSHOT_FAILED,
              p.target,
              String.format("cannot read %s: %s", p.target, e),
              e);
        }
        p.copyNanos = System.nanoTime() - start;
      }
      Snapshot s =
          new Snapshot(
              p.target,
              p.name,
              SidecarBuilder.of(p, policy, clock.instant(), tool, hasher),
              policy.requireBackupDurability(),
              p.bytes);
      facts.emit(successFact(p, s, true, 0));
      out.add(s);
    }
    return out;
  }

  private List<Snapshot> write(List<PendingSnapshot> pending, Policy policy, Instant startedAt)
      throws BackupException {
    boolean flush = policy.requireBackupDurability();
    boolean durable = flush;
    long fsyncNanos = 0;
    BackupException failure = null;
    try {
      for (PendingSnapshot p : pending) {
        stagePayload(p, flush);
      }
      if (flush) {
        long start = System.nanoTime();
        durable = flushFiles(pending, p -> p.payload, "the payloads");
        fsyncNanos += System.nanoTime() - start;
      }
      for (PendingSnapshot p : pending) {
        namePayload(p);
      }
      if (flush) {
        long start = System.nanoTime();
        durable &= flushDirectories(pending);
        fsyncNanos += System.nanoTime() - start;
      }
      for (PendingSnapshot p : pending) {
        stageSidecar(p, policy, startedAt);
      }
      if (flush) {
        long start = System.nanoTime();
        durable &= flushFiles(pending, p -> p.sidecarFile, "the sidecars");
        fsyncNanos += System.nanoTime() - start;
      }
      for (PendingSnapshot p : pending) {
        commit(p);
      }
      if (flush) {
        long start = System.nanoTime();
        durable &= flushDirectories(pending);
        fsyncNanos += System.nanoTime() - start;
      }
    } catch (BackupException e) {
      failure = e;
      for (PendingSnapshot p : pending) {
        p.abandon(e);
      }
      throw e;
    } finally {
      if (failure == null) {
        for (PendingSnapshot p : pending) {
          p.release(null);
        }
      }
    }
    List<Snapshot> out = new ArrayList<>();
    for (PendingSnapshot p : pending) {
      Snapshot s = new Snapshot(p.target, p.name, p.sidecar, durable, p.bytes);
      facts.emit(successFact(p, s, false, fsyncNanos));
      out.add(s);
    }
    return out;
  }

  /**
   * Writes the payload: a file is copied and hashed in one pass and completed with the target's
   * owner, mode, extended attributes and mtime through its own descriptor; an absent target leaves
   * an empty tombstone. A symlink is made when it is named.
   */
  private void stagePayload(PendingSnapshot p, boolean willFlush) throws BackupException {
    if (p.state instanceof NodeState.Symlink) {
      return;
    }
    long start = System.nanoTime();
    try {
      p.name =
          StampAllocator.<Void>claim(
                  p.target,
                  p.name,
                  MAX_STAMP_BUMPS,
                  name -> {
                    StageOptions options =
                        new StageOptions(
                            name.payloadFileName(), true, willFlush && durability.writesBehind());
                    if (p.state instanceof NodeState.RegularFile file) {
                      StagedFile staged = p.dir.stageCopy(p.targetName(), file, hasher, options);
                      p.payload = staged;
                      Copied copied = staged.copied();
                      p.hash = copied.hash();
                      p.bytes = copied.bytes();
                      p.hashNanos = copied.hashNanos();
                      p.xattrsNotKept = staged.complete(file.metadata());
                      p.xattrs = kept(copied.xattrs(), p.xattrsNotKept);
                    } else {
                      p.payload = p.dir.stageBytes(new byte[0], 0600, options);
                    }
                    return null;
                  })
              .name();
      p.step = PendingSnapshot.Step.PAYLOAD_STAGED;
    } catch (IOException e) {
      throw new BackupException(
          ErrorId.E_SNAPSHOT_FAILED,
          p.target,
          String.format(
              "cannot write the payload %s of %s: %s",
              p.target.resolveSibling(p.payloadName()), p.target, e),
          e);
    }
    p.copyNanos = System.nanoTime() - start;
  }

  /** The attributes the payload holds: those read from the target less those it refused. */
  private static ExtendedAttributes kept(ExtendedAttributes read, List<String> notKept) {
    if (notKept.isEmpty()) {
      return read;
    }
    java.util.Map<String, byte[]> kept = new java.util.TreeMap<>(read.asMap());
    notKept.forEach(kept::remove);
    return ExtendedAttributes.of(kept);
  }

  /** Gives the payload its name, exclusively; a name someone else holds bumps the stamp. */
  private void namePayload(PendingSnapshot p) throws BackupException {
    long start = System.nanoTime();
    try {
      p.name =
          StampAllocator.<Void>claim(
                  p.target,
                  p.name,
                  MAX_STAMP_BUMPS,
                  name -> {
                    if (p.state instanceof NodeState.Symlink link) {
                      p.dir.createSymlink(name.payloadFileName(), link.destination());
                    } else {
                      p.payload.link(name.payloadFileName());
                    }
                    return null;
                  })
              .name();
      p.step = PendingSnapshot.Step.PAYLOAD_NAMED;
    } catch (IOException e) {
      throw new BackupException(
          ErrorId.E_SNAPSHOT_FAILED,
          p.target,
          String.format(
              "cannot name the payload %s of %s: %s",
              p.target.resolveSibling(p.payloadName()), p.target, e),
          e);
    }
    p.copyNanos += System.nanoTime() - start;
  }

  private void stageSidecar(PendingSnapshot p, Policy policy, Instant createdAt)
      throws BackupException {
    p.sidecar = SidecarBuilder.of(p, policy, createdAt, tool, hasher);
    byte[] bytes = codec.encode(p.sidecar);
    try {
      p.sidecarFile =
          p.dir.stageBytes(
              bytes, SidecarBuilder.permissions(p.state), StageOptions.named(p.sidecarTempName()));
      p.step = PendingSnapshot.Step.SIDECAR_STAGED;
    } catch (FileAlreadyExistsException e) {
      throw new BackupException(
          ErrorId.E_SNAPSHOT_FAILED,
          p.target,
          String.format(
              "%s already exists: another process is writing this snapshot's sidecar",
              p.target.resolveSibling(p.sidecarTempName())),
          e);
    } catch (IOException e) {
      throw new BackupException(
          ErrorId.E_SNAPSHOT_FAILED,
          p.target,
          String.format(
              "cannot write the sidecar %s: %s", p.target.resolveSibling(p.sidecarName()), e),
          e);
    }
  }

  /** Names the sidecar: the commit point. */
  private void commit(PendingSnapshot p) throws BackupException {
    try {
      p.sidecarFile.link(p.sidecarName());
      p.step = PendingSnapshot.Step.COMMITTED;
    } catch (IOException e) {
      throw new BackupException(
          ErrorId.E_SNAPSHOT_FAILED,
          p.target,
          String.format(
              "cannot publish the sidecar %s: %s", p.target.resolveSibling(p.sidecarName()), e),
          e);
    }
  }

  /** Flushes the staged files of one kind (payloads or sidecars); symlinks have none. */
  private boolean flushFiles(
      List<PendingSnapshot> pending,
      java.util.function.Function<PendingSnapshot, StagedFile> which,
      String what)
      throws BackupException {
    List<StagedFile> files = new ArrayList<>();
    for (PendingSnapshot p : pending) {
      if (which.apply(p) != null) {
        files.add(which.apply(p));
      }
    }
    try {
      return files.isEmpty() || durability.flushFiles(files) == FlushResult.FLUSHED;
    } catch (IOException e) {
      throw flushFailed(pending.get(0), what, e);
    }
  }

  private boolean flushDirectories(List<PendingSnapshot> pending) throws BackupException {
    boolean all = true;
    Map<ArtifactDirectory, Boolean> done = new IdentityHashMap<>();
    for (PendingSnapshot p : pending) {
      if (done.put(p.dir, Boolean.TRUE) != null) {
        continue;
      }
      try {
        all &= durability.flushDirectory(p.dir) == FlushResult.FLUSHED;
      } catch (IOException e) {
        throw flushFailed(p, "the directory " + p.dir.path(), e);
      }
    }
    return all;
  }

  private static BackupException flushFailed(PendingSnapshot p, String what, IOException e) {
    return new BackupException(
        ErrorId.E_SNAPSHOT_FAILED,
        p.target,
        String.format(
            "flushing %s of %s failed: %s; the snapshot was not committed (a failed flush is never "
                + "retried: check the disk, then snapshot again)",
            what, p.target, e),
        e);
  }

  private Fact successFact(PendingSnapshot p, Snapshot s, boolean dryRun, long fsyncNanos) {
    return Fact.builder(FactEvent.SNAPSHOT_RESULT, dryRun)
        .put(FactField.PATH, p.target.toString())
        .put(FactField.TAG, p.name.tag().value())
        .put(FactField.OUTCOME, FactOutcome.CREATED.wireName())
        .put(FactField.PRIOR_KIND, p.state.priorKind().wireName())
        .put(FactField.BACKUP, p.payloadName())
        .put(FactField.STAMP, p.name.stamp())
        .put(FactField.PAYLOAD_HASH, p.hash == null ? null : p.hash.hex())
        .put(FactField.HASH_ALG, p.isFile() ? ContentHash.ALGORITHM : null)
        .put(FactField.BACKUP_DURABLE, s.durable())
        .put(FactField.BYTES, s.bytes())
        .put(FactField.HASH_MS, p.isFile() ? millis(p.hashNanos) : null)
        .put(FactField.COPY_MS, millis(p.copyNanos))
        .put(FactField.FSYNC_MS, millis(fsyncNanos))
        .build();
  }

  private static Fact failureFact(String path, Policy policy, BackupException e, boolean dryRun) {
    return Failures.fact(FactEvent.SNAPSHOT_RESULT, path, policy.tag().value(), e, dryRun);
  }

  static long millis(long nanos) {
    return nanos / 1_000_000L;
  }

  /** Builds a pending snapshot's sidecar. */
  static final class SidecarBuilder {
    private SidecarBuilder() {}

    static Sidecar of(
        PendingSnapshot p, Policy policy, Instant createdAt, String tool, Hasher hasher) {
      Sidecar.Prior prior;
      if (p.state instanceof NodeState.RegularFile file) {
        Sidecar.PriorFile plain =
            new Sidecar.PriorFile(
                file.metadata().mode(),
                p.hash,
                p.bytes,
                file.metadata().uid(),
                file.metadata().gid(),
                file.metadata().mtime());
        // the names and the digest of the metadata set, when there are attributes to keep
        prior =
            p.xattrs.isEmpty()
                ? plain
                : new Sidecar.PriorFile(
                    plain.mode(),
                    plain.payloadHash(),
                    plain.size(),
                    plain.uid(),
                    plain.gid(),
                    plain.mtime(),
                    p.xattrs.names(),
                    MetadataDigest.of(hasher, plain, p.xattrs));
      } else if (p.state instanceof NodeState.Symlink link) {
        prior = new Sidecar.PriorSymlink(link.destination());
      } else {
        prior = new Sidecar.PriorNone();
      }
      Sidecar full =
          new Sidecar(
              SchemaVersion.V3,
              prior,
              new Sidecar.Provenance(createdAt, p.name.tag(), p.targetName(), tool, p.origin));
      return p.origin == Sidecar.Origin.SNAPSHOT ? full.withVersion(policy.sidecarVersion()) : full;
    }

    /**
     * A sidecar is readable by whoever could read the target and by nobody else: it holds the
     * target's hash, which must not leak a secret file's content to brute force.
     */
    static int permissions(NodeState state) {
      if (state instanceof NodeState.RegularFile file) {
        return 0600 | (file.metadata().mode().permissions() & 0044);
      }
      return 0644;
    }
  }
}
