package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.Hasher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Whether the target already is the snapshot's state, so that a restore is idempotent by content:
 * the same bytes, mode (and owner, where the caller could give it back) and, where the sidecar
 * recorded one, the same mtime; the same link; or still absent. Metadata is compared first: only a
 * file that matches it is compared byte by byte.
 */
final class InPlaceCheck {
  /** How far apart two mtimes may be and still be the same one (see {@link #mtimeMatches}). */
  static final Duration MTIME_TOLERANCE = Duration.ofSeconds(2);

  private final Hasher hasher;
  private final OptionalInt callerUid;

  /**
   * @param callerUid the uid this process acts as: only root can give a file back its owner, so
   *     only then is a different owner a difference
   */
  InPlaceCheck(Hasher hasher, OptionalInt callerUid) {
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.callerUid = Objects.requireNonNull(callerUid, "callerUid");
  }

  /**
   * The verdict on the target.
   *
   * @param inPlace whether the target already is the snapshot's state
   * @param targetHash the target's hash when it had to be read to decide, or {@code null}
   */
  record Verdict(boolean inPlace, ContentHash targetHash) {}

  /**
   * Compares the target with a snapshot whose payload is there. A target equal to the payload is in
   * place only if the payload is what the sidecar recorded: a payload damaged exactly like the
   * target is not "in place", and staging refuses it.
   */
  Verdict check(
      ArtifactDirectory dir,
      Path target,
      SnapshotEntry entry,
      Sidecar.Prior prior,
      NodeState current,
      ContentHash expected)
      throws BackupException {
    if (prior instanceof Sidecar.PriorFile f
        && current instanceof NodeState.RegularFile cur
        && metadataMatches(f, cur)
        && mtimeMatches(f, cur)
        && sameBytes(dir, entry.payload(), target)) {
      ContentHash targetHash = RestoreFailures.hash(dir, hasher, target, target);
      return new Verdict(expected == null || targetHash.equals(expected), targetHash);
    }
    boolean inPlace =
        prior instanceof Sidecar.PriorSymlink l
                && current instanceof NodeState.Symlink cur
                && cur.destination().equals(l.destination())
            || prior instanceof Sidecar.PriorNone && current instanceof NodeState.Absent;
    return new Verdict(inPlace, null);
  }

  /**
   * Whether the target is still the file a consumed snapshot recorded (the state switchyard's
   * restore left): its recorded hash and mode.
   */
  boolean consumedInPlace(
      ArtifactDirectory dir, Path target, Sidecar.PriorFile f, NodeState current)
      throws BackupException {
    return f.payloadHash() != null
        && current instanceof NodeState.RegularFile cur
        && metadataMatches(f, cur)
        && f.payloadHash().equals(RestoreFailures.hash(dir, hasher, target, target));
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

  /**
   * Whether the target still has the mtime the sidecar recorded (v3), within {@link
   * #MTIME_TOLERANCE}: a file whose mtime moved was written (or touched) since, and a restore gives
   * the recorded mtime back, so it is not in place, and its bytes need not be compared. A sidecar
   * without an mtime (v1, v2) leaves the decision to the bytes. The tolerance is the coarsest
   * granularity a Linux filesystem stores (FAT's two seconds), so that a file restored there, whose
   * mtime the filesystem rounded, is still found in place; within it the bytes decide.
   */
  private static boolean mtimeMatches(Sidecar.PriorFile prior, NodeState.RegularFile cur) {
    Instant recorded = prior.mtime();
    Instant now = cur.metadata().mtime();
    return recorded == null
        || now == null
        || Duration.between(recorded, now).abs().compareTo(MTIME_TOLERANCE) <= 0;
  }

  /**
   * Whether the target holds exactly the payload's bytes; stops at the first difference, so a
   * changed file costs a block or two rather than a hash of the whole file.
   */
  private static boolean sameBytes(ArtifactDirectory dir, Path payload, Path target)
      throws BackupException {
    try {
      return dir.mismatch(Directories.name(payload), Targets.name(target)) < 0;
    } catch (IOException e) {
      throw RestoreFailures.failed(
          target, String.format("cannot compare %s with %s: %s", target, payload, e), e);
    }
  }
}
