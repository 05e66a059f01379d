package io.backupsidecar.app.cli;

import io.backupsidecar.adapter.fs.ProgressHasher;
import io.backupsidecar.adapter.fs.Sha256Hasher;
import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.port.FactEmitter;
import java.io.PrintWriter;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * One run of the command line, with its streams, filesystem and clock injected so that tests
 * run it in-process.
 */
public final class Cli {
  final FileSystem fileSystem;
  final Clock clock;
  final PrintWriter out;
  final PrintWriter err;
  final boolean interactive;

  /**
   * @param fileSystem where paths are resolved
   * @param clock where stamps come from
   * @param out standard output (tables, JSON)
   * @param err standard error (errors, progress)
   * @param interactive whether a person is watching a terminal (enables progress)
   */
  public Cli(FileSystem fileSystem, Clock clock, PrintWriter out, PrintWriter err,
      boolean interactive) {
    this.fileSystem = fileSystem;
    this.clock = clock;
    this.out = out;
    this.err = err;
    this.interactive = interactive;
  }

  /**
   * The subcommands in help order. Each is registered only when needed: picocli builds a
   * command's model by reflection, and building all eight cost about a third of a {@code list}
   * run's start-up.
   */
  private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("snapshot", SnapshotCommand::new);
    SUBCOMMANDS.put("list", ListCommand::new);
    SUBCOMMANDS.put("show", ShowCommand::new);
    SUBCOMMANDS.put("restore", RestoreCommand::new);
    SUBCOMMANDS.put("verify", VerifyCommand::new);
    SUBCOMMANDS.put("prune", PruneCommand::new);
    SUBCOMMANDS.put("exec", ExecCommand::new);
    SUBCOMMANDS.put("generate-completion", AutoComplete.GenerateCompletion::new);
  }

  /** Parses and runs one command line; returns the exit code of DESIGN §8. */
  public int run(String... args) {
    CommandLine cl = new CommandLine(new BackupCommand(this));
    // A known subcommand first: only it is needed. Anything else (no command, --help,
    // --version, a typo) gets them all, for the usage text and the suggestions.
    Supplier<Object> only = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
    if (only != null) {
      cl.addSubcommand(args[0], only.get());
    } else {
      SUBCOMMANDS.forEach((name, command) -> cl.addSubcommand(name, command.get()));
    }
    cl.getCommandSpec().usageMessage().footer(BackupCommand.exitCodeFooter());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler((ex, a) -> {
      err.printf("error %s: %s%n", ErrorId.E_USAGE, ex.getMessage());
      err.printf("run '%s --help' for usage%n", ex.getCommandLine().getCommandSpec().qualifiedName());
      return ErrorId.E_USAGE.exitCode();
    });
    cl.setExecutionExceptionHandler((ex, c, parse) -> {
      if (ex instanceof BackupException be) {
        err.printf("error %s: %s%n", be.id(), be.getMessage());
        return be.exitCode();
      }
      if (ex instanceof CommandLine.ParameterException pe) {
        err.printf("error %s: %s%n", ErrorId.E_USAGE, pe.getMessage());
        return ErrorId.E_USAGE.exitCode();
      }
      err.printf("error %s: %s%n", ErrorId.E_GENERIC, ex);
      return ErrorId.E_GENERIC.exitCode();
    });
    return cl.execute(args);
  }

  /** An absolute path for a command-line argument. */
  Path path(String arg) {
    return fileSystem.getPath(arg).toAbsolutePath().normalize();
  }

  /** Wires a {@link Backup} for one command. */
  Backup backup(Policy policy, FactEmitter facts) {
    Backup.Builder builder = Backup.builder().fileSystem(fileSystem).clock(clock).policy(policy)
        .facts(facts);
    if (interactive) {
      builder.hasher(new ProgressHasher(new Sha256Hasher(),
          new TerminalProgress(err, System::nanoTime)));
    }
    return builder.build();
  }

  /** A policy from the common options plus the command's own settings. */
  static Policy policy(CommonOptions common, UnaryOperator<Policy.Builder> more)
      throws BackupException {
    return more.apply(Policy.builder().tag(common.tag())).build();
  }
}
