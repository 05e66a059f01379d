package io.backupsidecar.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * What every subcommand shares: the run's {@link Cli}, the common options ({@code --tag},
 * {@code --facts}), and closing the facts sink however the command ends.
 */
abstract class BaseCommand implements Callable<Integer> {
  @ParentCommand BackupCommand parent;
  @Mixin CommonOptions common;

  @Override
  public final Integer call() throws Exception {
    try {
      return run(parent.cli);
    } finally {
      common.close();
    }
  }

  /** Runs the command; returns the exit code (failures are exceptions). */
  abstract int run(Cli cli) throws Exception;
}
