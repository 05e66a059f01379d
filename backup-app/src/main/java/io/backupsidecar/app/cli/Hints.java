package io.backupsidecar.app.cli;

import io.backupsidecar.domain.model.ErrorId;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What to run next after a failure, keyed by its error id: the command line's own advice, so that
 * the domain's messages (which an embedding host shows too) need not name CLI commands.
 */
final class Hints {
  private Hints() {}

  /** The hint for {@code id} about {@code path}, or empty when the message says it all. */
  static Optional<String> forId(ErrorId id, Path path, String tag, String message) {
    if (path == null) {
      return Optional.empty();
    }
    String tagged = "backup".equals(tag) ? "" : "--tag " + tag + " ";
    String p = Table.printable(path.toString());
    return Optional.ofNullable(
        switch (id) {
          case E_BACKUP_MISSING ->
              message.contains("backup list")
                  ? null
                  : String.format("see what exists: backup list %s%s", tagged, p);
          case E_RESTORE_FAILED ->
              String.format("check every snapshot of it: backup verify %s%s", tagged, p);
          case E_MUTATION_FAILED ->
              String.format(
                  "the snapshots taken before the command stay: " + "backup list %s%s", tagged, p);
          default -> null;
        });
  }
}
