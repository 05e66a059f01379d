package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.model.NoSnapshot;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.RestoredElsewhere;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SidecarProblem;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.ArtifactDirectory.StageOptions;
import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.Durability;
import io.backupsidecar.domain.port.Hasher;
import io.backupsidecar.domain.port.NodeInspector;
import io.backupsidecar.domain.port.StagedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot's state written to another path ({@code restore --to OTHER}), without touching the
 * target or its snapshots: nothing is captured, nothing is snapshotted. It follows the restore
 * protocol in the other directory, held like every directory is: the payload is copied from the
 * target's held directory into a new unnamed (or private, exclusively created) file of the other,
 * its bytes hashed on the way and checked against the trusted sidecar, completed through its own
 * descriptor (owner, mode with special bits, extended attributes, mtime), flushed, and only then
 * put in place atomically; the directory is flushed. Someone who can write the other directory
 * cannot make it chown or chmod a file of theirs.
 */
public final class RestoreElsewhere {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final NodeInspector inspector;
  private final ArtifactStore store;
  private final Durability durability;
  private final Hasher hasher;
  private final SnapshotCatalog catalog;
  private final RestoreService restores;

  /** Wires the service. */
  public RestoreElsewhere(
      NodeInspector inspector,
      ArtifactStore store,
      Durability durability,
      Hasher hasher,
      SnapshotCatalog catalog,
      RestoreService restores) {
    this.inspector = Objects.requireNonNull(inspector, "inspector");
    this.store = Objects.requireNonNull(store, "store");
    this.durability = Objects.requireNonNull(durability, "durability");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.restores = Objects.requireNonNull(restores, "restores");
  }

  /**
   * Writes the state the selected snapshot of {@code target} records at {@code to}.
   *
   * @throws BackupException {@link ErrorId#E_USAGE} when {@code to} is the target; {@link
   *     ErrorId#E_UNSUPPORTED_NODE} when it is a directory; {@link ErrorId#E_BACKUP_MISSING} when
   *     there is no such snapshot; {@link ErrorId#E_RESTORE_FAILED} when its sidecar is not
   *     trusted, its payload is not what the sidecar records, or the write failed ({@code to} is
   *     then as it was); {@link ErrorId#E_POLICY} when a directory may not be acted in
   */
  public RestoredElsewhere restore(
      Path target, Selection selection, Path to, Policy policy, boolean dryRun)
      throws BackupException {
    Path checked = Targets.check(target);
    Path other = Targets.check(to);
    if (other.equals(checked)) {
      throw new BackupException(
          ErrorId.E_USAGE,
          other,
          String.format("%s is the target itself; to restore it in place, restore the target", to));
    }
    refuseDirectory(other);
    SnapshotEntry entry =
        restores
            .select(checked, selection, policy)
            .orElseThrow(() -> NoSnapshot.of(checked, policy.tag(), selection, ""));
    String unchanged = String.format("%s was left as it was", other);
    try (ArtifactDirectory source =
            Directories.open(store, checked, ErrorId.E_RESTORE_FAILED, unchanged);
        ArtifactDirectory destination =
            Directories.open(store, other, ErrorId.E_RESTORE_FAILED, unchanged)) {
      return write(source, destination, checked, other, entry, policy, dryRun);
    } catch (IOException e) {
      throw failed(other, String.format("cannot restore to %s: %s", other, e), e);
    }
  }

  private RestoredElsewhere write(
      ArtifactDirectory source,
      ArtifactDirectory destination,
      Path target,
      Path to,
      SnapshotEntry entry,
      Policy policy,
      boolean dryRun)
      throws IOException, BackupException {
    Sidecar sidecar;
    try {
      // read again, trusted, from the directory held: the bytes acted on are the bytes checked
      sidecar = catalog.readTrusted(source, entry, policy);
    } catch (SidecarProblem e) {
      throw failed(to, e.getMessage() + "; " + to + " was left as it was", e);
    }
    String name = Targets.name(to);
    if (isDirectory(destination.inspect(name))) {
      throw isADirectory(to);
    }
    NodeState payload = source.inspect(Directories.name(entry.payload()));
    Optional<String> problem = PayloadChecks.problem(entry, sidecar.prior(), payload, policy);
    if (problem.isPresent()) {
      throw failed(to, problem.get() + "; " + to + " was left as it was", null);
    }
    Sidecar.Prior prior = sidecar.prior();
    if (dryRun) {
      boolean verified =
          prior instanceof Sidecar.PriorFile f
              && f.payloadHash() != null
              && checkHash(
                  entry, f, source.hash(Directories.name(entry.payload()), hasher), policy, to);
      return new RestoredElsewhere(
          target, to, entry, prior.kind(), verified, false, List.of(), false, true);
    }
    if (prior instanceof Sidecar.PriorFile f) {
      return writeFile(
          source, destination, target, to, entry, f, (NodeState.RegularFile) payload, policy);
    }
    if (prior instanceof Sidecar.PriorSymlink l) {
      String temporary = temporaryName(name);
      destination.createSymlink(temporary, l.destination());
      try {
        destination.rename(temporary, name);
      } catch (IOException | RuntimeException e) {
        destination.delete(temporary);
        throw e;
      }
    } else {
      destination.delete(name);
    }
    boolean durable = flushDirectory(destination, to, policy) == FlushResult.FLUSHED;
    return new RestoredElsewhere(
        target, to, entry, prior.kind(), false, true, List.of(), durable, false);
  }

  private RestoredElsewhere writeFile(
      ArtifactDirectory source,
      ArtifactDirectory destination,
      Path target,
      Path to,
      SnapshotEntry entry,
      Sidecar.PriorFile f,
      NodeState.RegularFile payload,
      Policy policy)
      throws IOException, BackupException {
    boolean flush = policy.requireBackupDurability();
    String name = Targets.name(to);
    try (StagedFile staged =
        destination.stageCopyFrom(
            source,
            Directories.name(entry.payload()),
            payload,
            hasher,
            new StageOptions(temporaryName(name), false, flush && durability.writesBehind()))) {
      Copied copied = staged.copied();
      boolean verified = f.payloadHash() != null && checkHash(entry, f, copied.hash(), policy, to);
      Optional<String> metadata =
          MetadataDigest.problem(hasher, f, copied.xattrs(), entry.payload().toString());
      if (metadata.isPresent() && policy.requireSidecarIntegrity()) {
        throw failed(to, metadata.get() + "; " + to + " was left as it was", null);
      }
      NodeState.FileMetadata payloadMeta = payload.metadata();
      Integer uid = f.uid() != null ? f.uid() : payloadMeta.uid();
      Integer gid = f.gid() != null ? f.gid() : payloadMeta.gid();
      List<String> notRestored =
          new ArrayList<>(
              staged.complete(new NodeState.FileMetadata(f.mode(), uid, gid, f.mtime())));
      for (String xattr : MetadataDigest.unseen(f, copied.xattrs())) {
        if (!notRestored.contains(xattr)) {
          notRestored.add(xattr);
        }
      }
      FlushResult flushed =
          flush ? durability.flushFiles(List.of(staged)) : FlushResult.NOT_SUPPORTED;
      staged.replace(name);
      boolean durable =
          flush && flushed.and(flushDirectory(destination, to, policy)) == FlushResult.FLUSHED;
      boolean ownerApplied =
          !(destination.inspect(name) instanceof NodeState.RegularFile written)
              || (uid == null || uid.equals(written.metadata().uid()))
                  && (gid == null || gid.equals(written.metadata().gid()));
      return new RestoredElsewhere(
          target, to, entry, f.kind(), verified, ownerApplied, notRestored, durable, false);
    }
  }

  /**
   * Refuses a directory at {@code to} up front, before any directory is opened (the check in the
   * held directory repeats it; replacing never removes a directory).
   */
  private void refuseDirectory(Path to) throws BackupException {
    try {
      if (isDirectory(inspector.inspect(to))) {
        throw isADirectory(to);
      }
    } catch (IOException e) {
      // not inspectable here: the held directory will say what is wrong
    }
  }

  private static boolean isDirectory(NodeState state) {
    return state instanceof NodeState.Unsupported u
        && u.kind() == NodeState.Unsupported.Kind.DIRECTORY;
  }

  private static BackupException isADirectory(Path to) {
    return new BackupException(
        ErrorId.E_UNSUPPORTED_NODE,
        to,
        String.format("%s is a directory; give the path of the file to write", to));
  }

  /** Whether the bytes match the recorded hash; a mismatch fails unless integrity is relaxed. */
  private static boolean checkHash(
      SnapshotEntry entry, Sidecar.PriorFile f, ContentHash actual, Policy policy, Path to)
      throws BackupException {
    if (f.payloadHash().equals(actual)) {
      return true;
    }
    if (policy.requireSidecarIntegrity()) {
      throw failed(
          to,
          String.format(
              "payload %s does not match its sidecar: SHA-256 is %s, the sidecar records %s; it "
                  + "was changed or damaged, and %s was left as it was",
              entry.payload(), actual.hex(), f.payloadHash().hex(), to),
          null);
    }
    return false;
  }

  /** Flushes the directory when the policy asks for durability; says whether it was flushed. */
  private FlushResult flushDirectory(ArtifactDirectory dir, Path to, Policy policy)
      throws BackupException {
    if (!policy.requireBackupDurability()) {
      return FlushResult.NOT_SUPPORTED;
    }
    try {
      return durability.flushDirectory(dir);
    } catch (IOException e) {
      throw failed(
          to,
          String.format(
              "%s was written but flushing %s failed: %s; it may not survive a crash (a failed"
                  + " flush is never retried)",
              to, dir.path(), e),
          e);
    }
  }

  /** A private name beside {@code to}, for a backend that must name a file while writing it. */
  private static String temporaryName(String name) {
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    return "." + name + ".restore-to." + HexFormat.of().formatHex(random) + ".tmp";
  }

  private static BackupException failed(Path to, String message, Exception cause) {
    return new BackupException(ErrorId.E_RESTORE_FAILED, to, message, cause);
  }
}
