package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.BackupName;
import io.backupsidecar.domain.model.ErrorId;
import java.nio.file.Path;

/** Checks on target paths shared by the services. */
final class Targets {
  private Targets() {}

  /** A target must be absolute and name a file in a directory (not {@code /}). */
  static Path check(Path target) throws BackupException {
    if (target == null
        || !target.isAbsolute()
        || target.getFileName() == null
        || target.getParent() == null) {
      throw new BackupException(
          ErrorId.E_POLICY,
          target,
          String.format(
              "target (%s) must be an absolute path naming a file in a directory", target));
    }
    String name = target.getFileName().toString();
    if (!BackupName.isFileName(name)) {
      throw new BackupException(
          ErrorId.E_POLICY,
          target,
          String.format("target (%s) must name a file, not '%s'", target, name));
    }
    // A name that is not valid UTF-8 reaches Java with U+FFFD in place of its bad bytes, and
    // U+FFFD is written back as the bytes EF BF BD: another name. Anywhere in the path (not
    // only the file name, which BackupName already refuses) that would inspect, snapshot or
    // restore a different file than the one the user named.
    if (target.toString().indexOf('\uFFFD') >= 0) {
      throw new BackupException(
          ErrorId.E_POLICY,
          target,
          String.format(
              "target (%s) holds a name that is not valid UTF-8 (shown as U+FFFD): Java cannot "
                  + "spell it exactly, so another file could be read or written in its place; "
                  + "rename it to valid UTF-8; nothing was written",
              target));
    }
    return target;
  }

  static String name(Path target) {
    return target.getFileName().toString();
  }
}
