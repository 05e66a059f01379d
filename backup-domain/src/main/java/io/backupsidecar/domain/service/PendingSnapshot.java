package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.ArtifactRole;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.BackupName;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.StagedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One target on its way through the snapshot protocol of DESIGN §4, with an explicit state: what it
 * has written so far is exactly what {@link #abandon} removes.
 *
 * <p>It holds only what the protocol's state is made of: the target as inspected, its current name
 * (stamps move on a collision), its {@link Step} and the staged files it owns. Each transition is
 * allowed from the step before it only. What the steps find out (the payload's hash, the sidecar)
 * they return as values.
 */
final class PendingSnapshot {
  /** How far the protocol has come for this target. */
  enum Step {
    /** Inspected and named; nothing written. */
    PLANNED,
    /** The payload is staged (a file or tombstone, not named yet where the backend can). */
    PAYLOAD_STAGED,
    /** The payload has its name. */
    PAYLOAD_NAMED,
    /** The sidecar is staged, not named yet. */
    SIDECAR_STAGED,
    /** The sidecar has its final name: the snapshot exists. */
    COMMITTED
  }

  final Path target;
  final ArtifactDirectory dir;
  final NodeState state;
  final Sidecar.Origin origin;
  private BackupName name;
  private Step step = Step.PLANNED;
  private StagedFile payloadFile;
  private StagedFile sidecarFile;
  private CaptureHold hold;

  PendingSnapshot(
      Path target, ArtifactDirectory dir, NodeState state, BackupName name, Sidecar.Origin origin) {
    this.target = Objects.requireNonNull(target, "target");
    this.dir = Objects.requireNonNull(dir, "dir");
    this.state = Objects.requireNonNull(state, "state");
    this.name = Objects.requireNonNull(name, "name");
    this.origin = Objects.requireNonNull(origin, "origin");
  }

  BackupName name() {
    return name;
  }

  Step step() {
    return step;
  }

  String targetName() {
    return name.targetName();
  }

  String payloadName() {
    return name.payloadFileName();
  }

  String sidecarTempName() {
    return name.fileName(ArtifactRole.SIDECAR_TEMP);
  }

  String sidecarName() {
    return name.sidecarFileName();
  }

  boolean isFile() {
    return state instanceof NodeState.RegularFile;
  }

  /** The staged payload file, or {@code null} (nothing staged yet, or a symlink: none). */
  StagedFile payloadFile() {
    return payloadFile;
  }

  /** The staged sidecar file, or {@code null} before it is staged. */
  StagedFile sidecarFile() {
    return sidecarFile;
  }

  /**
   * Offers the target held in place as the payload (a restore's capture): {@link PayloadStep} uses
   * it instead of a copy when the target inspected is still that file.
   */
  void offer(CaptureHold held) {
    require(Step.PLANNED);
    hold = Objects.requireNonNull(held, "held");
  }

  /** The hold offered, once: {@code null} when none was (or it was taken already). */
  CaptureHold takeHold() {
    CaptureHold taken = hold;
    hold = null;
    return taken;
  }

  /** Moves the first choice of stamp, before anything is written. */
  void startAt(BackupName first) {
    require(Step.PLANNED);
    name = Objects.requireNonNull(first, "first");
  }

  /**
   * Takes ownership of a payload file as soon as it exists, so that a failure completing it still
   * removes it; the step moves on with {@link #payloadStaged}.
   */
  void holdPayload(StagedFile file) {
    require(Step.PLANNED);
    payloadFile = Objects.requireNonNull(file, "file");
  }

  /** The payload is staged (or, for a symlink, nothing needs staging) under {@code claimed}. */
  void payloadStaged(BackupName claimed) {
    require(Step.PLANNED);
    name = Objects.requireNonNull(claimed, "claimed");
    step = Step.PAYLOAD_STAGED;
  }

  /** The payload has its name {@code claimed}. */
  void payloadNamed(BackupName claimed) {
    require(Step.PAYLOAD_STAGED);
    name = Objects.requireNonNull(claimed, "claimed");
    step = Step.PAYLOAD_NAMED;
  }

  /** The sidecar is staged under its temporary name. */
  void sidecarStaged(StagedFile file) {
    require(Step.PAYLOAD_NAMED);
    sidecarFile = Objects.requireNonNull(file, "file");
    step = Step.SIDECAR_STAGED;
  }

  /** The sidecar has its final name: the snapshot exists. */
  void committed() {
    require(Step.SIDECAR_STAGED);
    step = Step.COMMITTED;
  }

  /**
   * Removes what an uncommitted snapshot wrote: staged files are discarded, a named payload is
   * deleted. A committed snapshot is valid history and stays. Failures are added to {@code
   * failure}: what stays then is an incomplete payload, never restored from, removed by prune.
   */
  void abandon(Throwable failure) {
    release(failure);
    if (step != Step.COMMITTED && step.compareTo(Step.PAYLOAD_NAMED) >= 0) {
      try {
        dir.delete(payloadName());
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }

  /** Releases the staged files (of a committed snapshot, or after a failure): sidecar first. */
  void release(Throwable failure) {
    if (hold != null) {
      hold.release();
      hold = null;
    }
    close(sidecarFile, failure);
    sidecarFile = null;
    close(payloadFile, failure);
    payloadFile = null;
  }

  /** {@link ErrorId#E_SNAPSHOT_FAILED} for this target, caused by an I/O failure. */
  BackupException failed(String message, IOException cause) {
    return new BackupException(ErrorId.E_SNAPSHOT_FAILED, target, message, cause);
  }

  private void require(Step expected) {
    if (step != expected) {
      throw new IllegalStateException(
          String.format("%s: step %s, expected %s", target, step, expected));
    }
  }

  private static void close(StagedFile file, Throwable failure) {
    if (file == null) {
      return;
    }
    try {
      file.close();
    } catch (IOException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
  }
}
