package io.backupsidecar.archfixture.adapter.fs;

import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Fixture (violation): an adapter reaching the default filesystem statically. */
public final class OpensDefaultPaths {
  Path viaPathOf() {
    return Path.of("/etc/hosts");
  }

  Path viaPaths() {
    return Paths.get("/etc", "hosts");
  }

  FileSystem viaDefault() {
    return FileSystems.getDefault();
  }
}
