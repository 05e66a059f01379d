package io.backupsidecar.domain.port;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens the directory a target lives in, so that every artifact of a snapshot, restore or prune is
 * made, read, renamed and removed inside that one directory.
 *
 * <p>The directory is resolved once, when it is opened (symlinked directories on the way are
 * followed, as the OS resolves them); the returned handle holds it, and a backend that can (the
 * POSIX one, by descriptor) keeps acting on that directory even if its path is swapped for a
 * symlink to somewhere else meanwhile. A backend that works by path says so in its Javadoc.
 */
public interface ArtifactStore {

  /**
   * Opens a directory and holds it until the handle is closed.
   *
   * @throws java.nio.file.NoSuchFileException if the directory does not exist
   * @throws java.nio.file.NotDirectoryException if it is not a directory
   * @throws io.backupsidecar.domain.model.UnsafeDirectoryException when the store refuses to act in
   *     it (for example a directory another user can write, refused when running as root by a
   *     backend that cannot act by descriptor); its reason says why
   */
  ArtifactDirectory open(Path directory) throws IOException;
}
