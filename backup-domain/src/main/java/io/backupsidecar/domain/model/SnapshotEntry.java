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

  /** Whether payload and sidecar are both present. */
  public boolean isComplete() {
    return state == State.COMPLETE;
  }

  /**
   * Whether it has a sidecar, the commit record: complete or consumed. Only such an entry is
   * history (listed, selected, kept by retention); a consumed one is restorable only when its
   * sidecar alone describes the prior state (a symlink or nothing).
   */
  public boolean isCommitted() {
    return state == State.COMPLETE || state == State.CONSUMED;
  }

  /** What is on disk of a snapshot. */
  public enum State {
    /** Payload and sidecar: committed. */
    COMPLETE,
    /** A payload without its sidecar: a snapshot interrupted before its commit. */
    INCOMPLETE,
    /**
     * A sidecar without its payload: the normal state of a snapshot switchyard has restored (its
     * restore renames the payload over the target, or deletes it). Not damage. For a {@code
     * symlink} or {@code none} prior state the sidecar alone is a complete record, so it is
     * restorable; a {@code file} one is reported and never restored from.
     */
    CONSUMED
  }
}
