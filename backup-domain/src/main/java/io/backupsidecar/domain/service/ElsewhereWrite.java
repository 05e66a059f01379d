package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.RestoredElsewhere;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.ArtifactDirectory.StageOptions;
import io.backupsidecar.domain.port.Durability;
import io.backupsidecar.domain.port.Hasher;
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
 * The writing half of {@link RestoreElsewhere}: a file snapshot copied into the other directory and
 * completed there by descriptor, the hash check, the directory flush, the temporary name.
 */
final class ElsewhereWrite {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Durability durability;
  private final Hasher hasher;

  ElsewhereWrite(Durability durability, Hasher hasher) {
    this.durability = Objects.requireNonNull(durability, "durability");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
  }

  RestoredElsewhere file(
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

  /** Whether the bytes match the recorded hash; a mismatch fails unless integrity is relaxed. */
  static boolean checkHash(
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
  FlushResult flushDirectory(ArtifactDirectory dir, Path to, Policy policy) throws BackupException {
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
  static String temporaryName(String name) {
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    return "." + name + ".restore-to." + HexFormat.of().formatHex(random) + ".tmp";
  }

  static BackupException failed(Path to, String message, Exception cause) {
    return new BackupException(ErrorId.E_RESTORE_FAILED, to, message, cause);
  }
}
