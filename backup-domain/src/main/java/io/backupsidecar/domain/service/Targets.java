package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import java.nio.file.Path;

/** Checks on target paths shared by the services. */
final class Targets {
  private Targets() {}

  /** A target must be absolute and name a file in a directory (not {@code /}). */
  static Path check(Path target) throws BackupException {
    if (target == null || !target.isAbsolute() || target.getFileName() == null
        || target.getParent() == null) {
      throw new BackupException(ErrorId.E_POLICY, target, String.format(
          "target (%s) must be an absolute path naming a file in a directory", target));
    }
    String name = target.getFileName().toString();
    if (name.equals(".") || name.equals("..")) {
      throw new BackupException(ErrorId.E_POLICY, target,
          String.format("target (%s) must name a file, not '%s'", target, name));
    }
    return target;
  }

  static String name(Path target) {
    return target.getFileName().toString();
  }
}
