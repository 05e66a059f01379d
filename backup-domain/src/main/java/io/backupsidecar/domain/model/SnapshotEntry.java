package io.backupsidecar.domain.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One snapshot of a target as found on disk, before its sidecar is read.
 *
 * @param target the target
 * @param name its backup name
 * @param state whether its payload and sidecar are both there
 */
public record SnapshotEntry(Path target, BackupName name, State state) {
  /** Checks the parts are present. */
  public SnapshotEntry {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(state, "state");
  }

  /** The payload's path. */
  public Path payload() {
    return target.resolveSibling(name.payloadFileName());
  }

  /** The sidecar's path. */
  public Path sidecar() {
    return target.resolveSibling(name.sidecarFileName());
  }

  /** The stamp, epoch milliseconds. */
  public long stamp() {
    return name.stamp();
  }

  /** Whether payload and sidecar are both present: only such a snapshot is ever restored. */
  public boolean isComplete() {
    return state == State.COMPLETE;
  }

  /** What is on disk of a snapshot. */
  public enum State {
    /** Payload and sidecar: committed. */
    COMPLETE,
    /** A payload without its sidecar: a snapshot interrupted before its commit. */
    INCOMPLETE,
    /** A sidecar without its payload: damage (the protocol never leaves this). */
    MISSING_PAYLOAD
  }
}
