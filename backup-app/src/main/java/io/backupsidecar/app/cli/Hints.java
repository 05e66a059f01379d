package io.backupsidecar.app.cli;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Remedy;
import io.backupsidecar.domain.model.SidecarProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line's own advice after a failure: the one place that names its flags and commands,
 * so that the domain's messages (which an embedding host shows too) need not. Two kinds: the
 * remedies a failure carries ({@link BackupException#remedies()}, {@link SidecarProblem#remedy()}),
 * said as the flag that applies them and appended to the message, and the hint line keyed by the
 * error id ({@link #forId}).
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

  /**
   * A domain failure's message with its remedies said as this command line's flags: options in
   * parentheses, then what to run ({@code ; run 'backup list ...'}), as the messages read before
   * the domain stopped naming flags.
   */
  static String message(BackupException e, String tag) {
    List<Remedy> remedies = e.remedies();
    if (remedies.isEmpty()) {
      return e.getMessage();
    }
    String target = e.path().map(Path::toString).orElse("");
    List<String> options = new ArrayList<>();
    List<String> next = new ArrayList<>();
    boolean missing = e.id() == ErrorId.E_BACKUP_MISSING;
    for (Remedy remedy : remedies) {
      switch (remedy) {
        case CHOOSE_ANOTHER_SNAPSHOT -> {
          if (missing) {
            next.add(
                String.format(
                    "choose an older snapshot with --previous or --at (see 'backup list --tag %s "
                        + "%s')",
                    tag, target));
          } else {
            options.add("choose another snapshot with --at");
          }
        }
        case LIST_SNAPSHOTS -> {
          if (!remedies.contains(Remedy.CHOOSE_ANOTHER_SNAPSHOT) || !missing) {
            next.add(
                String.format("run 'backup list --tag %s %s' to see what exists", tag, target));
          }
        }
        default -> options.add(flag(remedy));
      }
    }
    StringBuilder b = new StringBuilder(e.getMessage());
    if (!options.isEmpty()) {
      b.append(" (").append(String.join("; ", options)).append(')');
    }
    next.forEach(n -> b.append("; ").append(n));
    return b.toString();
  }

  /** A sidecar's problem with what relaxes it, for the commands that have that option. */
  static String sidecar(SidecarProblem p) {
    return p.getMessage() + p.remedy().map(r -> "; " + flag(r)).orElse("");
  }

  /** A remedy that is one of this command line's options, in words. */
  private static String flag(Remedy remedy) {
    return switch (remedy) {
      case ALLOW_UNHASHED -> "relax with --no-require-integrity";
      case TRUST_FOREIGN_SIDECARS -> "relax with --trust-foreign-sidecars if you trust it";
      case SKIP_CAPTURE -> "restore without the capture with --no-capture";
      case CHOOSE_ANOTHER_SNAPSHOT -> "choose another snapshot with --at";
      case LIST_SNAPSHOTS -> "see what exists with 'backup list'";
    };
  }
}
