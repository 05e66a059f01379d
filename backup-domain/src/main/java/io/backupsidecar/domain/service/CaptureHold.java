package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.port.HeldFile;
import java.io.IOException;
import java.util.Objects;

/**
 * The target of a restore held in place to become its capture's payload without a copy ({@link
 * io.backupsidecar.domain.port.ArtifactDirectory#holdInPlace}): started before the restore stages
 * the snapshot's bytes, so that the backend hashes the replaced file while the restore copies, and
 * used by the capture's {@link PayloadStep} only if the target the capture inspects is still that
 * file, unchanged.
 */
final class CaptureHold {
  private final HeldFile file;
  private final NodeState.RegularFile state;
  private boolean used;
  private boolean released;

  /**
   * @param file the held file
   * @param state what the target was when the restore inspected it (the file held)
   */
  CaptureHold(HeldFile file, NodeState.RegularFile state) {
    this.file = Objects.requireNonNull(file, "file");
    this.state = Objects.requireNonNull(state, "state");
  }

  HeldFile file() {
    return file;
  }

  /**
   * Whether the target the capture inspected is the file held, as it was: same inode, size and
   * mtime (a file rewritten in between must be copied as it is now).
   */
  boolean holds(NodeState now) {
    return now instanceof NodeState.RegularFile f
        && state.fileKey() != null
        && state.fileKey().equals(f.fileKey())
        && state.size() == f.size()
        && Objects.equals(state.metadata().mtime(), f.metadata().mtime());
  }

  /** The capture's payload is this file: from now on the capture owns and releases it. */
  void use() {
    used = true;
  }

  /** Whether the capture's payload is the held file (a second name of the target's inode). */
  boolean used() {
    return used;
  }

  /** Releases the file if the capture did not take it; once. */
  void release() {
    if (used || released) {
      return;
    }
    released = true;
    try {
      file.close();
    } catch (IOException e) {
      // nothing was named through it: there is nothing to clean up
    }
  }
}
