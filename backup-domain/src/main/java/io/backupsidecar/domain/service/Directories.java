package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.UnsafeDirectoryException;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.ArtifactStore;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens the directory a target lives in, with the errors every service reports alike. */
final class Directories {
  private Directories() {}

  /**
   * Opens the target's directory and holds it.
   *
   * @param onFailure the error id of the calling operation (a refusal of an unsafe directory is
   *     always {@link ErrorId#E_POLICY})
   * @param consequence what the failure left, e.g. "nothing was written"
   */
  static ArtifactDirectory open(
      ArtifactStore store, Path target, ErrorId onFailure, String consequence)
      throws BackupException {
    Path dir = target.getParent();
    try {
      return store.open(dir);
    } catch (UnsafeDirectoryException e) {
      throw new BackupException(
          ErrorId.E_POLICY,
          target,
          String.format("refusing to act in %s: %s; %s", dir, e.getReason(), consequence),
          e);
    } catch (NoSuchFileException e) {
      throw new BackupException(
          onFailure,
          target,
          String.format("the directory of %s does not exist; %s", target, consequence),
          e);
    } catch (IOException e) {
      throw new BackupException(
          onFailure,
          target,
          String.format("cannot open the directory of %s: %s; %s", target, e, consequence),
          e);
    }
  }

  /** Closes a directory; a failure to close is added to {@code failure} or dropped. */
  static void closeQuietly(ArtifactDirectory dir, Throwable failure) {
    if (dir == null) {
      return;
    }
    try {
      dir.close();
    } catch (IOException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
  }

  /** The file name of an artifact path (artifacts always live in the held directory). */
  static String name(Path artifact) {
    return artifact.getFileName().toString();
  }
}
