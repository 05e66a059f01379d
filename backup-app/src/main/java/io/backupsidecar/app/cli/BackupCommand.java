package io.backupsidecar.app.cli;

import io.backupsidecar.app.Version;
import io.backupsidecar.domain.model.ErrorId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code backup} command. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    versionProvider = BackupCommand.VersionProvider.class,
    description =
        "Safety snapshots of files, symlinks and absent paths before a change, and "
            + "integrity-checked restore.")
final class BackupCommand implements Runnable {
  final Cli cli;
  @Spec CommandSpec spec;

  BackupCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(),
        "a command is required: " + String.join(", ", spec.subcommands().keySet()));
  }

  /** The exit codes, from the one error table ({@link ErrorId}), for the help footer. */
  static String[] exitCodeFooter() {
    StringBuilder line = new StringBuilder("Exit codes: 0 ok");
    for (ErrorId id : ErrorId.values()) {
      line.append(", ").append(id.exitCode()).append(' ').append(id.name());
    }
    line.append("; exec: 126 command not runnable, 127 command not found (as in shells).");
    return new String[] {"", line.toString()};
  }

  /** Reports the version the build stamped. */
  static final class VersionProvider implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {Version.TOOL};
    }
  }
}
