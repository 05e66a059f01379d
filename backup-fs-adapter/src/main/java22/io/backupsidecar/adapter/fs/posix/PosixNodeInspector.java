package io.backupsidecar.adapter.fs.posix;

import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.NodeState.Unsupported.Kind;
import io.backupsidecar.domain.port.NodeInspector;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The {@link NodeInspector} by descriptor: opens the parent directory, then inspects the name
 * inside it as {@link PosixArtifactDirectory#inspect} does (one {@code O_PATH} descriptor: a FIFO,
 * socket or device is never opened for I/O).
 */
final class PosixNodeInspector implements NodeInspector {

  private final PosixArtifactStore store;

  PosixNodeInspector(PosixArtifactStore store) {
    this.store = store;
  }

  @Override
  public NodeState inspect(Path path) throws IOException {
    Path name = path.getFileName();
    if (name == null || name.toString().equals(".") || name.toString().equals("..")) {
      // "/", "a/." or "a/..": a directory if it exists at all
      try {
        store.open(path).close();
        return new NodeState.Unsupported(Kind.DIRECTORY);
      } catch (NoSuchFileException | NotDirectoryException e) {
        return new NodeState.Absent();
      }
    }
    Path parent = path.getParent();
    try (PosixArtifactDirectory dir =
        store.open(parent == null ? path.resolveSibling(".") : parent)) {
      return dir.inspect(name.toString());
    } catch (NoSuchFileException | NotDirectoryException e) {
      return new NodeState.Absent(); // the parent is missing or not a directory: nothing there
    }
  }
}
