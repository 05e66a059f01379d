package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.ArtifactRole;
import io.backupsidecar.domain.model.BackupName;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.ExtendedAttributes;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.StagedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One target on its way through the snapshot protocol of DESIGN §4, with an explicit state: what it
 * has written so far is exactly what {@link #abandon} removes.
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
  BackupName name;
  Step step = Step.PLANNED;
  StagedFile payload;
  StagedFile sidecarFile;
  Sidecar sidecar;
  ContentHash hash;
  long bytes;
  long hashNanos;
  long copyNanos;
  List<String> xattrsNotKept = List.of();
  ExtendedAttributes xattrs = ExtendedAttributes.none();

  PendingSnapshot(
      Path target, ArtifactDirectory dir, NodeState state, BackupName name, Sidecar.Origin origin) {
    this.target = target;
    this.dir = dir;
    this.state = state;
    this.name = name;
    this.origin = origin;
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

  /**
   * Removes what an uncommitted snapshot wrote: staged files are discarded, a named payload is
   * deleted. A committed snapshot is valid history and stays. Failures are added to {@code
   * failure}: what stays then is an incomplete payload, never restored from, removed by prune.
   */
  void abandon(Throwable failure) {
    close(sidecarFile, failure);
    sidecarFile = null;
    if (step == Step.COMMITTED) {
      close(payload, failure);
      payload = null;
      return;
    }
    close(payload, failure);
    payload = null;
    if (step.compareTo(Step.PAYLOAD_NAMED) >= 0) {
      try {
        dir.delete(payloadName());
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }

  /** Releases the staged files of a committed snapshot. */
  void release(Throwable failure) {
    close(sidecarFile, failure);
    close(payload, failure);
    sidecarFile = null;
    payload = null;
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
