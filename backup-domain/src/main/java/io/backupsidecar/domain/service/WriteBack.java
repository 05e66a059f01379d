package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.ArtifactRole;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.BackupName;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Snapshot;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.model.SnapshotListing;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.ArtifactDirectory.StageOptions;
import io.backupsidecar.domain.port.Durability;
import io.backupsidecar.domain.port.Hasher;
import io.backupsidecar.domain.port.StagedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The write-back of a restore (DESIGN §5): the snapshot's state is staged beside the target (a file
 * completed by descriptor and checked against the sidecar, or a symlink), flushed, and only then
 * renamed over the target, with the replaced state captured just before. A dry run is {@link
 * RestorePlan}.
 */
final class WriteBack {
  /** How many stamps past the clock a staging name may take. */
  private static final int STAGING_BUMPS = 1000;

  private final Durability durability;
  private final Hasher hasher;
  private final Clock clock;
  private final PayloadVerification verification;
  private final RestoreCapture capture;

  WriteBack(
      Durability durability,
      Hasher hasher,
      Clock clock,
      PayloadVerification verification,
      RestoreCapture capture) {
    this.durability = Objects.requireNonNull(durability, "durability");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.verification = Objects.requireNonNull(verification, "verification");
    this.capture = Objects.requireNonNull(capture, "capture");
  }

  /**
   * What the write-back did (or, in a dry run, would do: {@link RestorePlan}).
   *
   * @param after the hash of the bytes written, or {@code null} for a symlink or none
   * @param verified whether the payload's hash was checked and matched
   * @param durable whether everything written was flushed (false when no flush was asked for, or
   *     the backend cannot flush)
   * @param captured the capture of the replaced state, if one was taken
   * @param notRestored recorded metadata that could not be put back
   */
  record Result(
      ContentHash after,
      boolean verified,
      long bytes,
      long copyNanos,
      long fsyncNanos,
      boolean durable,
      Optional<Snapshot> captured,
      List<String> notRestored) {
    Result {
      notRestored = List.copyOf(notRestored);
    }
  }

  /**
   * Puts the snapshot's state in the target's place.
   *
   * @param current what is at the target now (a regular file may be captured in place)
   * @param listed the restore's listing of the target's snapshots (the capture's stamp follows it)
   */
  Result apply(
      ArtifactDirectory dir,
      SnapshotEntry entry,
      Sidecar.Prior prior,
      NodeState payload,
      ContentHash expected,
      Policy policy,
      NodeState current,
      SnapshotListing listed)
      throws BackupException {
    Path target = entry.target();
    Optional<CaptureHold> hold = capture.hold(dir, target, current, policy);
    Capturing capturing = new Capturing(dir, target, policy, hold, listed);
    try {
      if (prior instanceof Sidecar.PriorNone) {
        Optional<Snapshot> captured =
            captureThen(capturing, () -> dir.delete(Targets.name(target)));
        Flushed flushed = flushDirectory(dir, target, policy);
        return new Result(null, false, 0, 0, flushed.nanos, flushed.durable, captured, List.of());
      }
      if (prior instanceof Sidecar.PriorSymlink l) {
        return applySymlink(dir, l, policy, target, capturing);
      }
      return applyFile(
          dir,
          entry,
          (Sidecar.PriorFile) prior,
          (NodeState.RegularFile) payload,
          expected,
          policy,
          capturing);
    } catch (IOException e) {
      throw RestoreFailures.failed(
          target,
          String.format(
              "cannot write %s back from %s: %s; %s",
              target, entry.payload(), e, RestoreFailures.UNTOUCHED),
          e);
    } finally {
      hold.ifPresent(CaptureHold::release);
    }
  }

  /** What replaces or removes the target once its state is captured. */
  @FunctionalInterface
  private interface Replacement {
    void run() throws IOException;
  }

  /**
   * Captures the target's state (if the policy asks), then replaces or removes it. If that fails
   * and the capture's payload is the target itself (held in place), the capture is removed: left,
   * it would share the live file's inode and change with it. Sidecar first, so that no snapshot
   * ever names a missing payload. A copied capture stays: it is valid history.
   */
  private Optional<Snapshot> captureThen(Capturing c, Replacement replacement)
      throws IOException, BackupException {
    Optional<Snapshot> captured =
        capture.take(c.dir(), c.target(), c.policy(), false, c.hold(), c.listed());
    try {
      replacement.run();
    } catch (IOException e) {
      if (c.hold().isPresent() && c.hold().get().used()) {
        captured.ifPresent(s -> dropCapture(c.dir(), s, e));
      }
      throw e;
    }
    return captured;
  }

  /** What the capture of one write-back needs: where, by which policy, the hold, the listing. */
  private record Capturing(
      ArtifactDirectory dir,
      Path target,
      Policy policy,
      Optional<CaptureHold> hold,
      SnapshotListing listed) {}

  /**
   * Copies the payload into a new file completed by descriptor (bytes checked against the sidecar's
   * hash, then owner, mode, extended attributes, mtime, flush), and only then puts it in the
   * target's place. The target held in place (if it is) is hashed meanwhile, for the capture.
   */
  private Result applyFile(
      ArtifactDirectory dir,
      SnapshotEntry entry,
      Sidecar.PriorFile f,
      NodeState.RegularFile payload,
      ContentHash expected,
      Policy policy,
      Capturing capturing)
      throws IOException, BackupException {
    Path target = entry.target();
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
      boolean verified = verification.checkHash(entry, expected, copied.hash(), policy);
      verification.checkMetadata(entry, f, copied.xattrs(), policy);
      // A v1/v2 sidecar records no owner: the payload's is kept, as switchyard's rename of the
      // payload over the target keeps it (not the owner of whoever runs the restore).
      NodeState.FileMetadata payloadMeta = payload.metadata();
      List<String> notRestored =
          new ArrayList<>(
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
      boolean durable = false;
      if (flush) {
        long flushStart = System.nanoTime();
        durable = durability.flushFiles(List.of(file)) == FlushResult.FLUSHED;
        fsyncNanos = System.nanoTime() - flushStart;
      }
      Optional<Snapshot> captured =
          captureThen(capturing, () -> file.replace(Targets.name(target)));
      Flushed flushed = flushDirectory(dir, target, policy);
      return new Result(
          copied.hash(),
          verified,
          copied.bytes(),
          copyNanos,
          fsyncNanos + flushed.nanos,
          durable && flushed.durable,
          captured,
          notRestored);
    }
  }

  /** Removes a capture (see {@link #captureThen}), sidecar first. */
  private static void dropCapture(ArtifactDirectory dir, Snapshot capture, IOException failure) {
    for (String name :
        List.of(capture.name().sidecarFileName(), capture.name().payloadFileName())) {
      try {
        dir.delete(name);
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }

  private Result applySymlink(
      ArtifactDirectory dir,
      Sidecar.PriorSymlink link,
      Policy policy,
      Path target,
      Capturing capturing)
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
      Optional<Snapshot> captured =
          captureThen(capturing, () -> dir.rename(stagingFile, Targets.name(target)));
      moved = true;
      Flushed flushed = flushDirectory(dir, target, policy);
      return new Result(null, false, 0, nanos, flushed.nanos, flushed.durable, captured, List.of());
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

  private BackupName stagingName(Path target, Policy policy) throws BackupException {
    // a staging file may carry a tag that is read but never written as a snapshot
    return StampAllocator.at(
        target, BackupName.ofAnyTag(Targets.name(target), policy.tag(), 0), clock.millis());
  }

  /** What a flush of the directory took, and whether it reached stable storage. */
  private record Flushed(long nanos, boolean durable) {}

  private Flushed flushDirectory(ArtifactDirectory dir, Path target, Policy policy)
      throws BackupException {
    if (!policy.requireBackupDurability()) {
      return new Flushed(0, false);
    }
    long start = System.nanoTime();
    try {
      FlushResult result = durability.flushDirectory(dir);
      return new Flushed(System.nanoTime() - start, result == FlushResult.FLUSHED);
    } catch (IOException e) {
      throw RestoreFailures.failed(
          target,
          String.format(
              "%s was restored but flushing %s failed: %s; the restore may not survive a crash "
                  + "(a failed flush is never retried)",
              target, dir.path(), e),
          e);
    }
  }
}
