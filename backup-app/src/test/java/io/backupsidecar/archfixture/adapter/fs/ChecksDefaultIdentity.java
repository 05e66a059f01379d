package io.backupsidecar.archfixture.adapter.fs;

import java.nio.file.FileSystem;
import java.nio.file.FileSystems;

/**
 * Fixture (violation): an identity check against the default filesystem, once exempt (it chose the
 * process uid), next to a plain use; both are reported now.
 */
public final class ChecksDefaultIdentity {
  static boolean forFileSystem(FileSystem fileSystem) {
    return fileSystem == FileSystems.getDefault();
  }

  static FileSystem elsewhere() {
    return FileSystems.getDefault();
  }
}
