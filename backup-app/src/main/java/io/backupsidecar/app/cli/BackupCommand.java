package io.backupsidecar.app.cli;

import io.backupsidecar.app.Version;
import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** The top-level {@code backup} command. */
@Command(name = "backup", mixinStandardHelpOptions = true,
    versionProvider = BackupCommand.VersionProvider.class,
    description = "Safety snapshots of files, symlinks and absent paths before a change, and "
        + "integrity-checked restore.",
    footer = {"", "Exit codes: 0 ok, 1 E_GENERIC, 2 E_USAGE, 10 E_POLICY, 60 E_BACKUP_MISSING,",
        "62 E_SNAPSHOT_FAILED, 64 E_UNSUPPORTED_NODE, 70 E_RESTORE_FAILED, 75 E_VERIFY_FAILED,",
        "80 E_MUTATION_FAILED."})
final class BackupCommand implements Runnable {
  final Cli cli;

  BackupCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        new picocli.CommandLine(this), "a command is required (snapshot, list, show, restore, "
            + "verify, prune, exec)");
  }

  /** Reports the version the build stamped. */
  static final class VersionProvider implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {Version.TOOL};
    }
  }
}
