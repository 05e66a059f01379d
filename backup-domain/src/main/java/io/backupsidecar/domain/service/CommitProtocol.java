package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Snapshot;
import io.backupsidecar.domain.port.ArtifactDirectory.StageOptions;
import io.backupsidecar.domain.port.Hasher;
import io.backupsidecar.domain.port.SidecarCodec;
import io.backupsidecar.domain.service.FlushBarrier.Flushed;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The commit protocol of DESIGN §4 over a batch of targets, in its order: stage every payload
 * (complete, through its own descriptor) → flush them → name them → flush each directory → stage
 * and flush every sidecar → name them (the commit) → flush each directory again. The sidecar is the
 * commit record: it is written only after the payload is durable, and published exclusively. A
 * failure removes what was not committed ({@link PendingSnapshot#abandon}); snapshots already
 * committed stay.
 */
final class CommitProtocol {
  /**
   * A batch through the protocol.
   *
   * @param taken each target's snapshot, in the order given
   * @param fsyncNanos time spent in the flush barriers, shared by the batch
   */
  record Committed(List<Taken> taken, long fsyncNanos) {
    Committed {
      taken = List.copyOf(taken);
    }
  }

  private final PayloadStep payloads;
  private final SidecarBuilder sidecars;
  private final SidecarCodec codec;
  private final FlushBarrier barrier;
  private final Hasher hasher;

  /**
   * @param payloads stages and names payloads
   * @param sidecars builds sidecars
   * @param codec sidecar bytes
   * @param barrier flushes a batch's files and directories
   * @param hasher hashes a file in a dry run
   */
  CommitProtocol(
      PayloadStep payloads,
      SidecarBuilder sidecars,
      SidecarCodec codec,
      FlushBarrier barrier,
      Hasher hasher) {
    this.payloads = Objects.requireNonNull(payloads, "payloads");
    this.sidecars = Objects.requireNonNull(sidecars, "sidecars");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.barrier = Objects.requireNonNull(barrier, "barrier");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
  }

  /**
   * Takes every pending snapshot through the protocol, flushing when the policy requires backup
   * durability.
   *
   * @param createdAt the sidecars' creation time
   * @throws BackupException {@link ErrorId#E_SNAPSHOT_FAILED} when writing or flushing failed;
   *     every snapshot not committed was abandoned
   */
  Committed write(List<PendingSnapshot> pending, Policy policy, Instant createdAt)
      throws BackupException {
    boolean flush = policy.requireBackupDurability();
    List<PayloadWritten> written = new ArrayList<>();
    List<Sidecar> sidecarsOf = new ArrayList<>();
    Flushed flushed;
    BackupException failure = null;
    try {
      for (PendingSnapshot p : pending) {
        written.add(payloads.stage(p, flush));
      }
      flushed = barrier.files(flush, pending, PendingSnapshot::payloadFile, "the payloads");
      for (int i = 0; i < pending.size(); i++) {
        written.set(i, written.get(i).plusCopyNanos(payloads.name(pending.get(i))));
      }
      flushed = flushed.and(barrier.directories(flush, pending));
      for (int i = 0; i < pending.size(); i++) {
        sidecarsOf.add(stageSidecar(pending.get(i), written.get(i), policy, createdAt));
      }
      flushed =
          flushed.and(barrier.files(flush, pending, PendingSnapshot::sidecarFile, "the sidecars"));
      for (PendingSnapshot p : pending) {
        commit(p);
      }
      flushed = flushed.and(barrier.directories(flush, pending));
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
    List<Taken> taken = new ArrayList<>();
    for (int i = 0; i < pending.size(); i++) {
      PendingSnapshot p = pending.get(i);
      PayloadWritten payload = written.get(i);
      taken.add(
          new Taken(
              p,
              payload,
              new Snapshot(
                  p.target, p.name(), sidecarsOf.get(i), flushed.durable(), payload.bytes())));
    }
    return new Committed(taken, flushed.nanos());
  }

  /**
   * What {@link #write} would take for one target, writing nothing: a file is hashed (the time it
   * takes counts as its copy time).
   */
  Taken plan(PendingSnapshot p, Policy policy, Instant createdAt) throws BackupException {
    PayloadWritten payload = PayloadWritten.noContent(0);
    if (p.state instanceof NodeState.RegularFile file) {
      long start = System.nanoTime();
      try {
        payload =
            new PayloadWritten(
                p.dir.hash(p.targetName(), hasher),
                file.size(),
                payload.xattrs(),
                0,
                System.nanoTime() - start);
      } catch (IOException e) {
        throw p.failed(String.format("cannot read %s: %s", p.target, e), e);
      }
    }
    Snapshot s =
        new Snapshot(
            p.target,
            p.name(),
            sidecars.build(p, payload, policy, createdAt),
            policy.requireBackupDurability(),
            payload.bytes());
    return new Taken(p, payload, s);
  }

  private Sidecar stageSidecar(
      PendingSnapshot p, PayloadWritten payload, Policy policy, Instant createdAt)
      throws BackupException {
    Sidecar sidecar = sidecars.build(p, payload, policy, createdAt);
    byte[] bytes = codec.encode(sidecar);
    try {
      p.sidecarStaged(
          p.dir.stageBytes(
              bytes, SidecarBuilder.permissions(p.state), StageOptions.named(p.sidecarTempName())));
    } catch (FileAlreadyExistsException e) {
      throw p.failed(
          String.format(
              "%s already exists: another process is writing this snapshot's sidecar",
              p.target.resolveSibling(p.sidecarTempName())),
          e);
    } catch (IOException e) {
      throw p.failed(
          String.format(
              "cannot write the sidecar %s: %s", p.target.resolveSibling(p.sidecarName()), e),
          e);
    }
    return sidecar;
  }

  /** Names the sidecar: the commit point. */
  private static void commit(PendingSnapshot p) throws BackupException {
    try {
      p.sidecarFile().link(p.sidecarName());
      p.committed();
    } catch (IOException e) {
      throw p.failed(
          String.format(
              "cannot publish the sidecar %s: %s", p.target.resolveSibling(p.sidecarName()), e),
          e);
    }
  }
}
