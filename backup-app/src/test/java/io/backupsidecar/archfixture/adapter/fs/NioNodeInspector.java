package io.backupsidecar.archfixture.adapter.fs;

import java.nio.file.FileSystem;
import java.nio.file.FileSystems;

/**
 * Fixture: the one exempt use (an identity check in forFileSystem(FileSystem)) next to a non-exempt
 * one in the same class.
 */
public final class NioNodeInspector {
  static boolean forFileSystem(FileSystem fileSystem) {
    return fileSystem == FileSystems.getDefault();
  }

  static FileSystem elsewhere() {
    return FileSystems.getDefault();
  }
}
