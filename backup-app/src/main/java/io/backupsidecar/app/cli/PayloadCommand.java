package io.backupsidecar.app.cli;

import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.BackupException;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;

/**
 * What the commands that read one snapshot's payload share ({@code cat}, {@code diff}): the target,
 * which snapshot ({@code --previous}, {@code --at}, {@code --before}), {@code
 * --trust-foreign-sidecars}, {@code --no-require-integrity}, and choosing the snapshot as a restore
 * would.
 */
abstract class PayloadCommand extends BaseCommand {
  @ArgGroup(exclusive = true)
  SnapshotChoice choice;

  @Mixin Mixins.NoIntegrityFlag integrity;

  @Mixin Mixins.TrustForeignFlag trust;

  @Mixin Mixins.TargetParameter path;

  /** The target, checked, and the snapshot of it that the options choose, its sidecar trusted. */
  record Preamble(Path target, Payloads.Chosen chosen) {}

  Preamble choose(Cli cli) throws BackupException {
    Path target = cli.target(path.path, spec.name());
    Backup backup =
        cli.backup(
            Cli.policy(common, b -> b.trustForeignSidecars(trust.trustForeign)),
            common.emitter(cli));
    return new Preamble(target, Payloads.choose(cli, backup, target, choice));
  }

  /** The command line that relaxes the integrity check, for messages. */
  String relaxOption() {
    return "backup " + spec.name() + " --no-require-integrity";
  }
}
