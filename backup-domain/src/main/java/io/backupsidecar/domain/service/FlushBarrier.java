package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.Durability;
import io.backupsidecar.domain.port.StagedFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The flush barriers of the snapshot protocol, batched across targets: the staged files of one kind
 * (payloads, then sidecars) are handed to {@link Durability#flushFiles} together, and each
 * directory is flushed once however many targets live in it. Each barrier is timed and says whether
 * every flush happened; a failed flush fails the snapshot and is never retried.
 */
final class FlushBarrier {
  /**
   * What barriers did.
   *
   * @param durable whether every flush asked for happened ({@code backup_durable})
   * @param nanos time spent flushing
   */
  record Flushed(boolean durable, long nanos) {
    /** No flush was asked for: the snapshot is not durable, and took no time flushing. */
    static final Flushed SKIPPED = new Flushed(false, 0);

    /** Both barriers together. */
    Flushed and(Flushed other) {
      return new Flushed(durable && other.durable, nanos + other.nanos);
    }
  }

  private final Durability durability;

  /**
   * @param durability how new files and directories are flushed
   */
  FlushBarrier(Durability durability) {
    this.durability = Objects.requireNonNull(durability, "durability");
  }

  /**
   * Flushes the staged files of one kind (symlinks have none).
   *
   * @param enabled whether the policy asks for flushes at all ({@link Flushed#SKIPPED} if not)
   * @param which the file of that kind of a pending snapshot, or {@code null}
   * @param what the kind, for the message: "the payloads"
   */
  Flushed files(
      boolean enabled,
      List<PendingSnapshot> pending,
      Function<PendingSnapshot, StagedFile> which,
      String what)
      throws BackupException {
    if (!enabled) {
      return Flushed.SKIPPED;
    }
    long start = System.nanoTime();
    List<StagedFile> files = new ArrayList<>();
    for (PendingSnapshot p : pending) {
      if (which.apply(p) != null) {
        files.add(which.apply(p));
      }
    }
    boolean durable;
    try {
      durable = files.isEmpty() || durability.flushFiles(files) == FlushResult.FLUSHED;
    } catch (IOException e) {
      throw failed(pending.get(0), what, e);
    }
    return new Flushed(durable, System.nanoTime() - start);
  }

  /** Flushes each directory the pending snapshots live in, once. */
  Flushed directories(boolean enabled, List<PendingSnapshot> pending) throws BackupException {
    if (!enabled) {
      return Flushed.SKIPPED;
    }
    long start = System.nanoTime();
    boolean all = true;
    Map<ArtifactDirectory, Boolean> done = new IdentityHashMap<>();
    for (PendingSnapshot p : pending) {
      if (done.put(p.dir, Boolean.TRUE) != null) {
        continue;
      }
      try {
        all &= durability.flushDirectory(p.dir) == FlushResult.FLUSHED;
      } catch (IOException e) {
        throw failed(p, "the directory " + p.dir.path(), e);
      }
    }
    return new Flushed(all, System.nanoTime() - start);
  }

  private static BackupException failed(PendingSnapshot p, String what, IOException e) {
    return p.failed(
        String.format(
            "flushing %s of %s failed: %s; the snapshot was not committed (a failed flush is never "
                + "retried: check the disk, then snapshot again)",
            what, p.target, e),
        e);
  }
}
