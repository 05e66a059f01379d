package io.backupsidecar.domain.port;

import io.backupsidecar.domain.model.NodeState;
import java.io.IOException;
import java.nio.file.Path;

/** Tells what is at a path now, like {@code lstat(2)}: a final symlink is never followed. */
public interface NodeInspector {

  /**
   * Inspects a path without following a final symlink and without opening it (a FIFO is never
   * opened).
   *
   * @return {@link NodeState.RegularFile} with size, full st_mode (setuid, setgid and sticky
   *     included where the backend has them), uid, gid, mtime, user xattr names and file key;
   *     {@link NodeState.Symlink} with the raw destination; {@link NodeState.Absent} when nothing
   *     is there (also when the parent does not exist); {@link NodeState.Unsupported} for a
   *     directory, FIFO, socket, device or other kind
   * @throws IOException when the path cannot be inspected (permission denied, I/O error)
   */
  NodeState inspect(Path path) throws IOException;
}
