package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Remedy;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.Hasher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How every step of a restore fails ({@link ErrorId#E_RESTORE_FAILED}, "cannot restore TARGET:
 * ..."), and the reads they share, with their failures said alike.
 */
final class RestoreFailures {
  /** What every failure before the final rename leaves. */
  static final String UNTOUCHED = "the target was left as it was";

  private RestoreFailures() {}

  static BackupException failed(Path target, String message, Throwable cause, Remedy... remedies) {
    return new BackupException(
        ErrorId.E_RESTORE_FAILED,
        target,
        String.format("cannot restore %s: %s", target, message),
        cause,
        List.of(remedies));
  }

  static NodeState inspect(ArtifactDirectory dir, Path path, Path target) throws BackupException {
    try {
      return dir.inspect(Directories.name(path));
    } catch (IOException e) {
      throw failed(target, String.format("cannot inspect %s: %s", path, e), e);
    }
  }

  static ContentHash hash(ArtifactDirectory dir, Hasher hasher, Path path, Path target)
      throws BackupException {
    try {
      return dir.hash(Directories.name(path), hasher);
    } catch (IOException e) {
      throw failed(target, String.format("cannot read %s: %s", path, e), e);
    }
  }
}
