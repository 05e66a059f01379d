package io.backupsidecar.app.cli;

import io.backupsidecar.domain.model.GuardOutcome;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code backup exec}: a guarded mutation by a command. */
@Command(name = "exec", mixinStandardHelpOptions = true,
    description = "Snapshot every --target, run COMMAND, and if it fails (non-zero exit) "
        + "restore every target to its state before the command and exit 80.")
final class ExecCommand extends BaseCommand {

  @Option(names = "--target", required = true, paramLabel = "PATH",
      description = "A path the command may change (repeatable).")
  List<String> targets;

  @Option(names = "--no-durability", description = "Skip flushes of the snapshots.")
  boolean noDurability;

  @picocli.CommandLine.Mixin RetentionOptions retention;

  @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its "
      + "arguments, after '--'.")
  List<String> command;

  @Override
  int run(Cli cli) throws Exception {
    GuardOutcome outcome = cli.backup(Cli.policy(common, b -> retention.apply(b, this)
            .requireBackupDurability(!noDurability)), common.emitter(cli))
        .guard(targets.stream().map(cli::path).toList(), () -> {
          int status = run(command, common.factsOnStdout() ? cli.err : null);
          if (status != 0) {
            throw new IOException(String.format("command %s exited with status %d",
                command.get(0), status));
          }
        });
    if (outcome instanceof GuardOutcome.RolledBack rolledBack) {
      rolledBack.restored().forEach(p -> cli.err.printf("rolled back %s%n",
          Table.printable(p.toString())));
      rolledBack.notRestored().forEach((p, e) -> cli.err.printf("NOT rolled back %s: %s%n",
          Table.printable(p.toString()), e.getMessage()));
      throw rolledBack.toException();
    }
    return 0;
  }

  /**
   * Runs the command with this process's streams; with {@code stdoutTo} set (facts on stdout)
   * its standard output goes there instead, so that stdout carries nothing but fact lines.
   */
  private static int run(List<String> command, PrintWriter stdoutTo) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    if (stdoutTo != null) {
      builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
    }
    // A signal must end in a roll-back, not in a JVM gone mid-mutation: see Interrupts.
    return Interrupts.run(builder, process -> waitFor(process, stdoutTo));
  }

  private static int waitFor(Process process, PrintWriter stdoutTo)
      throws IOException, InterruptedException {
    if (stdoutTo != null) {
      // stdin and stderr are inherited, so reading stdout to its end cannot deadlock
      try (Reader output = new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8)) {
        output.transferTo(stdoutTo);
      }
      stdoutTo.flush();
    }
    return process.waitFor();
  }
}
