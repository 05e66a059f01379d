package io.backupsidecar.adapter.fs.posix;

import io.backupsidecar.domain.port.ArtifactStore;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;

/**
 * The {@link ArtifactStore} by file descriptor: {@link #open} resolves the directory once ({@code
 * open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)}, following symlinked directories on the way, as
 * the OS does) and everything after acts relative to that descriptor.
 */
final class PosixArtifactStore implements ArtifactStore {

  private final boolean tmpfile;
  private final boolean reflink;

  /** The store: unnamed new files ({@code O_TMPFILE}) and reflinks wherever the kernel has them. */
  PosixArtifactStore() {
    this(true, true);
  }

  /**
   * A store that may be told not to use {@code O_TMPFILE} or reflinks, so that tests reach the
   * fallbacks on any filesystem.
   */
  PosixArtifactStore(boolean tmpfile, boolean reflink) {
    this.tmpfile = tmpfile;
    this.reflink = reflink;
  }

  @Override
  public PosixArtifactDirectory open(Path directory) throws IOException {
    if (!"file".equals(directory.getFileSystem().provider().getScheme())) {
      throw new ProviderMismatchException(
          "the POSIX store acts on the platform filesystem only, not on "
              + directory.getFileSystem());
    }
    return PosixArtifactDirectory.open(directory, tmpfile, reflink);
  }
}
