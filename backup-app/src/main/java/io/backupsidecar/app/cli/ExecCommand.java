package io.backupsidecar.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.GuardOutcome;
import io.backupsidecar.domain.model.Snapshot;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code backup exec}: a guarded mutation by a command. */
@Command(
    name = "exec",
    mixinStandardHelpOptions = true,
    description = {
      "Snapshot every --target, run COMMAND, and if it fails (non-zero exit, or "
          + "killed by a signal) restore every target to its state before the command.",
      "Exit: 0 when the command succeeded; 80 (E_MUTATION_FAILED) after a roll-back, the "
          + "command's own status in the message, in --json (command_status) and in the "
          + "facts; 127 when COMMAND was not found and 126 when it could not be run, as in "
          + "shells (the targets are rolled back, untouched)."
    })
final class ExecCommand extends BaseCommand {
  /** Shells' status for a command that is not found. */
  static final int NOT_FOUND = 127;

  /** Shells' status for a command that is found but cannot be run. */
  static final int NOT_RUNNABLE = 126;

  /** The errno in the JDK's message: "error=2, No such..." (17) or "error: 2 (No such...)" (25). */
  private static final Pattern ERRNO =
      Pattern.compile("error(?:=|: )([0-9]+)(?:, (.+)| \\((.+)\\))?");

  private static final int ENOENT = 2;

  @Option(
      names = "--target",
      required = true,
      paramLabel = "PATH",
      description = "A path the command may change (repeatable).")
  List<String> targets;

  @Option(names = "--no-durability", description = "Skip flushes of the snapshots.")
  boolean noDurability;

  @Mixin Mixins.JsonFlag json;
  @Mixin RetentionOptions retention;

  @Parameters(
      arity = "1..*",
      paramLabel = "COMMAND",
      description = "The command and its " + "arguments, after '--'.")
  List<String> command;

  /** The command ran and exited with a non-zero status (or died of a signal: 128 + n). */
  static final class CommandFailed extends IOException {
    private static final long serialVersionUID = 1L;
    final int status;

    CommandFailed(String name, int status) {
      super(String.format("command %s exited with status %d", name, status));
      this.status = status;
    }
  }

  /** The command could not be started at all. */
  static final class CommandNotStarted extends IOException {
    private static final long serialVersionUID = 1L;
    final int status;

    CommandNotStarted(String name, IOException cause) {
      this(name, cause, ERRNO.matcher(String.valueOf(cause.getMessage()).trim()));
    }

    private CommandNotStarted(String name, IOException cause, Matcher errno) {
      this(
          name,
          cause,
          errno.find() ? Integer.parseInt(errno.group(1)) : -1,
          errno.reset().find() && (errno.group(2) != null || errno.group(3) != null)
              ? (errno.group(2) != null ? errno.group(2) : errno.group(3)).trim()
              : Errors.describe(cause));
    }

    private CommandNotStarted(String name, IOException cause, int errno, String reason) {
      // "Permission denied" also comes from a PATH entry this user may not search while the
      // command is nowhere: a shell says 127 (not found) then, and so do we
      this(
          name,
          cause,
          errno != ENOENT && errno != -1 && !findable(name) ? "No such file or directory" : reason,
          errno != ENOENT && errno != -1 && findable(name) ? NOT_RUNNABLE : NOT_FOUND);
    }

    private CommandNotStarted(String name, IOException cause, String reason, int status) {
      super(String.format("command %s could not be started: %s", name, reason), cause);
      this.status = status;
    }

    /** Whether a file by that name exists where the command would be looked for. */
    private static boolean findable(String name) {
      if (name.contains("/")) {
        return java.nio.file.Files.exists(java.nio.file.Path.of(name));
      }
      String path = System.getenv("PATH");
      for (String dir : (path == null ? "" : path).split(":")) {
        if (!dir.isEmpty() && java.nio.file.Files.exists(java.nio.file.Path.of(dir, name))) {
          return true;
        }
      }
      return false;
    }
  }

  @Override
  int run(Cli cli) throws Exception {
    List<Path> paths = targets.stream().map(cli::path).toList();
    Backup backup =
        cli.backup(
            Cli.policy(
                common, b -> retention.apply(b, this).requireBackupDurability(!noDurability)),
            common.emitter(cli));
    paths.forEach(p -> cli.expect("copy", p));
    GuardOutcome outcome =
        backup.guard(
            paths,
            () -> {
              cli.progressDone();
              int status = run(command, common.factsOnStdout() ? cli.err : null);
              if (status != 0) {
                throw new CommandFailed(command.get(0), status);
              }
            });
    ObjectNode summary = json.json ? summary(outcome) : null;
    if (outcome instanceof GuardOutcome.RolledBack rolledBack) {
      rolledBack
          .restored()
          .forEach(p -> cli.err.printf("rolled back %s%n", Table.printable(p.toString())));
      rolledBack
          .notRestored()
          .forEach(
              (p, e) ->
                  cli.err.printf(
                      "NOT rolled back %s: %s%n",
                      Table.printable(p.toString()), Errors.inWords(e.getMessage())));
      Failure failure = Failure.of(rolledBack.toException(), common.tag);
      if (rolledBack.failure() instanceof CommandNotStarted notStarted) {
        failure = failure.withExitCode(notStarted.status);
      }
      throw new CommandFailure(failure, summary);
    }
    if (summary != null) {
      Json.print(common.human(cli), summary);
    }
    return 0;
  }

  private ObjectNode summary(GuardOutcome outcome) {
    ObjectNode o = Json.command("exec");
    command.forEach(o.putArray("argv")::add);
    ArrayNode snapshots = o.putArray("snapshots");
    for (Snapshot s : outcome.snapshots()) {
      snapshots
          .addObject()
          .put("target", s.target().toString())
          .put("prior_kind", s.sidecar().priorKind().wireName())
          .put("backup", s.payload().getFileName().toString())
          .put("stamp", s.name().stamp())
          .put("backup_durable", s.durable());
    }
    if (outcome instanceof GuardOutcome.RolledBack r) {
      o.put("outcome", r.failure() instanceof CommandNotStarted ? "not_started" : "rolled_back");
      if (r.failure() instanceof CommandFailed failed) {
        o.put("command_status", failed.status);
      } else if (r.failure() instanceof CommandNotStarted notStarted) {
        o.put("command_status", notStarted.status);
      }
      r.restored().forEach(p -> o.withArray("rolled_back").add(p.toString()));
      r.notRestored().keySet().forEach(p -> o.withArray("rollback_failed").add(p.toString()));
    } else {
      o.put("outcome", "committed").put("command_status", 0);
    }
    return o;
  }

  /**
   * Runs the command with this process's streams; with {@code stdoutTo} set (facts on stdout) its
   * standard output goes there instead, so that stdout carries nothing but fact lines.
   */
  private static int run(List<String> command, PrintWriter stdoutTo) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    if (stdoutTo != null) {
      builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
    }
    // A signal must end in a roll-back, not in a JVM gone mid-mutation: see Interrupts.
    try {
      return Interrupts.run(builder, process -> waitFor(process, stdoutTo));
    } catch (Interrupts.NotStarted e) {
      throw new CommandNotStarted(command.get(0), e.getCause());
    }
  }

  private static int waitFor(Process process, PrintWriter stdoutTo)
      throws IOException, InterruptedException {
    if (stdoutTo != null) {
      // stdin and stderr are inherited, so reading stdout to its end cannot deadlock
      try (Reader output =
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
        output.transferTo(stdoutTo);
      }
      stdoutTo.flush();
    }
    return process.waitFor();
  }
}
