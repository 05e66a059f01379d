package io.backupsidecar.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: the run's {@link Cli}, the common options ({@code --tag}, {@code
 * --facts}, {@code --debug}), its own picocli model, and closing the facts sink however the command
 * ends.
 */
abstract class BaseCommand implements Callable<Integer> {
  @ParentCommand BackupCommand parent;
  @Mixin CommonOptions common;
  @Spec CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    try {
      return run(parent.cli);
    } finally {
      parent.cli.progressDone();
      common.close();
    }
  }

  /** Runs the command; returns the exit code (failures are exceptions). */
  abstract int run(Cli cli) throws Exception;

  /** A bad command line found after parsing: {@code E_USAGE}, with this command's help. */
  CommandLine.ParameterException usage(String format, Object... args) {
    return new CommandLine.ParameterException(spec.commandLine(), String.format(format, args));
  }
}
