package io.backupsidecar.app;

import io.backupsidecar.adapter.fs.FsBackend;
import io.backupsidecar.adapter.fs.Sha256Hasher;
import io.backupsidecar.adapter.sidecar.JacksonSidecarCodec;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ExaminedSnapshot;
import io.backupsidecar.domain.model.GuardOutcome;
import io.backupsidecar.domain.model.Mutation;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.PruneResult;
import io.backupsidecar.domain.model.RestoreOptions;
import io.backupsidecar.domain.model.RestoreOutcome;
import io.backupsidecar.domain.model.RestoredElsewhere;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SidecarProblem;
import io.backupsidecar.domain.model.Snapshot;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.model.SnapshotListing;
import io.backupsidecar.domain.model.VerifyFinding;
import io.backupsidecar.domain.model.VerifySummary;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.Durability;
import io.backupsidecar.domain.port.FactEmitter;
import io.backupsidecar.domain.port.Hasher;
import io.backupsidecar.domain.port.NodeInspector;
import io.backupsidecar.domain.service.GuardService;
import io.backupsidecar.domain.service.Ports;
import io.backupsidecar.domain.service.PruneService;
import io.backupsidecar.domain.service.RestoreElsewhere;
import io.backupsidecar.domain.service.RestoreService;
import io.backupsidecar.domain.service.Services;
import io.backupsidecar.domain.service.SnapshotCatalog;
import io.backupsidecar.domain.service.SnapshotService;
import io.backupsidecar.domain.service.VerifyService;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The embedding API: snapshots, restores, prunes, verifies and guards mutations of targets on one
 * {@link FileSystem} (the default one, Jimfs in tests, any NIO provider). Build one with {@link
 * #builder()}; it is immutable and thread-safe.
 *
 * <pre>{@code
 * Backup backup = Backup.builder()
 *     .fileSystem(FileSystems.getDefault())
 *     .policy(Policy.builder().tag(new Tag("deploy")).build())
 *     .build();
 * GuardOutcome outcome = backup.guard(List.of(config), () -> rewrite(config));
 * }</pre>
 *
 * <p>Longer than the other classes because it is the whole embedding API in one place: each method
 * is a line or two of delegation to a service, with the documentation a host reads.
 */
public final class Backup {
  private final Policy policy;
  private final String backendName;
  private final boolean dryRun;
  private final ArtifactStore store;
  private final SnapshotService snapshots;
  private final SnapshotCatalog catalog;
  private final RestoreService restores;
  private final PruneService prunes;
  private final VerifyService verifier;
  private final GuardService guard;
  private final RestoreElsewhere restoresElsewhere;

  private Backup(Builder b) {
    this.policy = b.policy;
    FsBackend backend = FsBackend.forFileSystem(b.fileSystem, b.allowSharedDirectories);
    this.backendName = backend.name();
    Durability durability = b.durability != null ? b.durability : backend.durability();
    NodeInspector inspector = backend.nodeInspector();
    ArtifactStore store = backend.artifactStore();
    this.dryRun = false;
    this.store = store;
    Ports ports =
        new Ports(
            inspector,
            store,
            durability,
            b.hasher != null ? b.hasher : new Sha256Hasher(),
            new JacksonSidecarCodec(),
            b.facts,
            b.clock,
            b.tool,
            backend.processUid());
    Services services = Services.wire(ports);
    this.snapshots = services.snapshots();
    this.catalog = services.catalog();
    this.restores = services.restores();
    this.prunes = services.prunes();
    this.verifier = services.verifier();
    this.guard = services.guard();
    this.restoresElsewhere = services.restoresElsewhere();
  }

  /** The same backup in dry-run mode (see {@link #dryRun()}). */
  private Backup(Backup real) {
    this.policy = real.policy;
    this.backendName = real.backendName;
    this.dryRun = true;
    this.store = real.store;
    this.snapshots = real.snapshots;
    this.catalog = real.catalog;
    this.restores = real.restores;
    this.prunes = real.prunes;
    this.verifier = real.verifier;
    this.guard = real.guard;
    this.restoresElsewhere = real.restoresElsewhere;
  }

  /**
   * This backup in dry-run mode, the one way to ask for a dry run: {@link #snapshot}, {@link
   * #restore} and {@link #prune} then check and select exactly as they would, report what they
   * would do (a {@link Snapshot} not written, a {@link RestoreOutcome.DryRunPlan}, a {@link
   * PruneResult} of what would go), and write, flush and remove nothing. Reads ({@link #list},
   * {@link #verify}, {@link #select}) are the same in both modes. A {@link #guard} runs the host's
   * mutation, so it has no dry run: it throws {@link IllegalStateException} here.
   */
  public Backup dryRun() {
    return dryRun ? this : new Backup(this);
  }

  /** Whether this is the dry-run view made by {@link #dryRun()}. */
  public boolean isDryRun() {
    return dryRun;
  }

  /** A builder with the defaults: default policy, no facts, the system UTC clock. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Which filesystem backend was wired: {@code "posix"} (by file descriptor, on Linux with Java 22
   * or later) or {@code "nio"} (portable: Jimfs, other providers, Java 17 to 21).
   */
  public String backendName() {
    return backendName;
  }

  /** The policy this instance applies. */
  public Policy policy() {
    return policy;
  }

  /**
   * Snapshots one target, then applies the policy's retention limits to it when it has any
   * (switchyard's {@code retention_count_limit} and {@code retention_age_limit}), so history does
   * not pile up.
   */
  public Snapshot snapshot(Path target) throws BackupException {
    return snapshot(List.of(target)).get(0);
  }

  /**
   * Snapshots several targets, sharing directory flushes, then applies the policy's retention
   * limits to each when it has any.
   *
   * @throws BackupException as {@link SnapshotService#snapshotAll}; or {@link
   *     io.backupsidecar.domain.model.ErrorId#E_GENERIC} when the retention that follows a
   *     successful snapshot could not finish (the snapshots are taken and committed)
   */
  public List<Snapshot> snapshot(List<Path> targets) throws BackupException {
    List<Snapshot> taken = snapshots.snapshotAll(targets, policy, dryRun);
    applyRetention(targets);
    return taken;
  }

  /** Prunes each target by the policy's retention limits, when the policy sets any. */
  private void applyRetention(List<Path> targets) throws BackupException {
    if (policy.countLimit().isEmpty() && policy.ageLimit().isEmpty()) {
      return;
    }
    for (Path target : new java.util.LinkedHashSet<>(targets)) {
      prunes.prune(target, policy, dryRun);
    }
  }

  /**
   * Whether a restore with this selection would find something to restore for the target and this
   * policy's tag, reading sidecars (trust, kind) but no payload: the preflight switchyard calls
   * {@code has_backup_artifacts}. Untrusted and unreadable sidecars do not count; nor does a file
   * snapshot whose payload is gone.
   */
  public boolean hasSnapshot(Path target, Selection selection) throws BackupException {
    return select(target, selection).isPresent();
  }

  /**
   * Why a restore would not act on this snapshot's sidecar (not trusted, not readable, names
   * another target), or empty when it would. Its {@link SidecarProblem#remedy()} says what relaxes
   * it, for a caller that offers that.
   */
  public java.util.Optional<SidecarProblem> trustProblem(SnapshotEntry entry) {
    try {
      catalog.readTrusted(entry, policy);
      return java.util.Optional.empty();
    } catch (SidecarProblem e) {
      return java.util.Optional.of(e);
    }
  }

  /** Lists a target's snapshots of this policy's tag, newest first. */
  public SnapshotListing list(Path target) throws BackupException {
    return catalog.list(target, policy.tag());
  }

  /**
   * Reads a snapshot's sidecar as a restore does: it must be trusted (owned by root or this user,
   * not writable by others, unless the policy trusts foreign sidecars), readable and of this
   * target. The commands that use a payload's bytes ({@code cat}, {@code diff}, {@code restore
   * --to}) judge them against this sidecar.
   */
  public Sidecar readTrusted(SnapshotEntry entry) throws SidecarProblem {
    return catalog.readTrusted(entry, policy);
  }

  /**
   * A snapshot's sidecar file as it is, bytes and all, read through its directory (not followed,
   * never a FIFO) for display; nothing is judged.
   *
   * @throws java.nio.file.FileSystemException if it is not a regular file or longer than {@code
   *     maxBytes}
   */
  public byte[] sidecarBytes(SnapshotEntry entry, int maxBytes) throws IOException {
    Path sidecar = entry.sidecar().toAbsolutePath();
    try (ArtifactDirectory dir = store.open(sidecar.getParent())) {
      return dir.readSmall(sidecar.getFileName().toString(), maxBytes).bytes();
    }
  }

  /**
   * Reads the sidecars of listed snapshots of one target once each, in one hold of their directory,
   * and says for each what restore and retention would think of it (for display; nothing fails).
   */
  public List<ExaminedSnapshot> examine(List<SnapshotEntry> entries) throws BackupException {
    return catalog.examine(entries, policy);
  }

  /** Reads a snapshot's sidecar (for display; no trust check). */
  public Sidecar read(SnapshotEntry entry) throws SidecarProblem {
    return catalog.read(entry);
  }

  /**
   * The snapshot a restore with this selection would take (latest and previous skip a restore's
   * captures), or empty.
   */
  public java.util.Optional<SnapshotEntry> select(Path target, Selection selection)
      throws BackupException {
    return restores.select(target, selection, policy);
  }

  /** Restores the latest snapshot. */
  public RestoreOutcome restore(Path target) throws BackupException {
    return restore(target, Selection.latest(), RestoreOptions.defaults());
  }

  /** Restores the selected snapshot. */
  public RestoreOutcome restore(Path target, Selection selection, RestoreOptions options)
      throws BackupException {
    return restores.restore(target, selection, policy, options, dryRun);
  }

  /**
   * Opens a regular file (a payload, a target) for reading through its directory, as every
   * operation reads: a symlink at the name is not followed and a FIFO or device is refused without
   * being opened for reading (it could block forever), so someone who can write the directory
   * cannot make the reader hang or read another file.
   *
   * @throws java.nio.file.FileSystemException if it is not a regular file
   * @throws IOException if it cannot be opened
   */
  public SeekableByteChannel openRead(Path file) throws IOException {
    Path absolute = file.toAbsolutePath();
    try (ArtifactDirectory dir = store.open(absolute.getParent())) {
      return dir.openRead(absolute.getFileName().toString());
    }
  }

  /**
   * Writes the state the selected snapshot of {@code target} records at another path {@code to} (a
   * file, a symlink, or nothing), leaving the target and its snapshots untouched: integrity checked
   * as a restore is, completed through the new file's descriptor, flushed, and put in place
   * atomically. See {@link RestoreElsewhere}.
   */
  public RestoredElsewhere restoreTo(Path target, Selection selection, Path to)
      throws BackupException {
    return restoresElsewhere.restore(target, selection, to, policy, dryRun);
  }

  /** Prunes one target by the policy's retention limits. */
  public PruneResult prune(Path target) throws BackupException {
    return prunes.prune(target, policy, dryRun);
  }

  /** Verifies targets or directory trees, telling {@code onEach} of every snapshot checked. */
  public VerifySummary verify(List<Path> paths, Consumer<VerifyFinding> onEach)
      throws BackupException {
    return verifier.verify(paths, policy, onEach);
  }

  /**
   * Snapshots the targets, runs the mutation, and rolls every target back if it throws. Check for
   * {@link GuardOutcome.RolledBack}, or call its {@code toException()}. After a committed mutation
   * the policy's retention limits, if any, are applied to each target.
   */
  public GuardOutcome guard(List<Path> targets, Mutation mutation) throws BackupException {
    if (dryRun) {
      throw new IllegalStateException("a guard runs the mutation: it has no dry run");
    }
    GuardOutcome outcome = guard.apply(targets, policy, mutation);
    if (!(outcome instanceof GuardOutcome.RolledBack)) {
      applyRetention(targets);
    }
    return outcome;
  }

  /** Builds a {@link Backup}. */
  public static final class Builder {
    private FileSystem fileSystem;
    private Policy policy = Policy.defaults();
    private FactEmitter facts = FactEmitter.none();
    private Clock clock = Clock.systemUTC();
    private String tool = Version.TOOL;
    private Durability durability;
    private Hasher hasher;
    private boolean allowSharedDirectories;

    private Builder() {}

    /**
     * Lets a process running as root act in a directory that another user can write (default:
     * refused with {@code E_POLICY} by the portable backend, which works by path and so cannot keep
     * that user from swapping names between two of its calls; the POSIX backend acts by descriptor
     * and needs no such refusal).
     */
    public Builder allowSharedDirectories(boolean value) {
      this.allowSharedDirectories = value;
      return this;
    }

    /**
     * Overrides the SHA-256 hasher, e.g. with a decorator that reports progress (every byte copied
     * or checked passes through it once).
     */
    public Builder hasher(Hasher value) {
      this.hasher = Objects.requireNonNull(value, "hasher");
      return this;
    }

    /** The filesystem the targets live on (required). */
    public Builder fileSystem(FileSystem value) {
      this.fileSystem = Objects.requireNonNull(value, "fileSystem");
      return this;
    }

    /** The policy (tag, durability, integrity, capture, retention). */
    public Builder policy(Policy value) {
      this.policy = Objects.requireNonNull(value, "policy");
      return this;
    }

    /** Where facts go (default: nowhere). */
    public Builder facts(FactEmitter value) {
      this.facts = Objects.requireNonNull(value, "facts");
      return this;
    }

    /** The clock stamps and timestamps come from (default: system UTC). */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** The writer name recorded in sidecars and facts (default {@code backup/<version>}). */
    public Builder tool(String value) {
      this.tool = Objects.requireNonNull(value, "tool");
      return this;
    }

    /**
     * Overrides how flushes are done (default: real flushes on the default filesystem, honestly
     * reported as unsupported on in-memory ones).
     */
    public Builder durability(Durability value) {
      this.durability = Objects.requireNonNull(value, "durability");
      return this;
    }

    /** Wires the adapters and services. */
    public Backup build() {
      if (fileSystem == null) {
        throw new IllegalStateException("fileSystem is required, e.g. FileSystems.getDefault()");
      }
      return new Backup(this);
    }
  }
}
