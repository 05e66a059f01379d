package io.backupsidecar.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.adapter.fs.ProgressHasher;
import io.backupsidecar.adapter.fs.Sha256Hasher;
import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.SnapshotListing;
import io.backupsidecar.domain.port.FactEmitter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import picocli.CommandLine;

/**
 * One run of the command line, with its streams, filesystem and clock injected so that tests run it
 * in-process.
 */
public final class Cli {
  final FileSystem fileSystem;
  final Clock clock;
  final PrintWriter out;
  final PrintWriter err;
  final boolean interactive;
  private final OutputStream stdout;
  private TerminalProgress progress;

  /**
   * @param fileSystem where paths are resolved
   * @param clock where stamps come from
   * @param out standard output (tables, JSON)
   * @param err standard error (errors, progress)
   * @param interactive whether a person is watching a terminal (enables progress)
   */
  public Cli(
      FileSystem fileSystem, Clock clock, PrintWriter out, PrintWriter err, boolean interactive) {
    this(fileSystem, clock, out, err, interactive, null);
  }

  /**
   * As the five-argument form, with standard output also as bytes ({@code backup cat} writes
   * payloads there as they are; {@code out} must write to the same stream).
   *
   * @param stdout standard output as bytes, or {@code null}: bytes then go to {@code out} as UTF-8
   *     text
   */
  public Cli(
      FileSystem fileSystem,
      Clock clock,
      PrintWriter out,
      PrintWriter err,
      boolean interactive,
      OutputStream stdout) {
    this.fileSystem = fileSystem;
    this.clock = clock;
    this.out = out;
    this.err = err;
    this.interactive = interactive;
    this.stdout = stdout;
  }

  /** Standard output as bytes; what {@link #out} holds is flushed first. */
  OutputStream stdout() {
    out.flush();
    return stdout != null ? stdout : new WriterOutputStream(out);
  }

  /** Parses and runs one command line; returns the exit code of DESIGN §8. */
  public int run(String... args) {
    RunFlags flags = RunFlags.of(args, "1".equals(System.getenv("BACKUP_DEBUG")));
    // loaded now, while the process can still open files: reporting a failure must not itself
    // fail for a class that cannot be loaded (too few file descriptors)
    Failure.class.getName();
    Errors.class.getName();
    try {
      return execute(args, flags);
    } catch (Throwable t) { // NOPMD: no failure ends in a stack trace (issue 13)
      return report(Failure.unexpected(t), null, flags, "backup");
    }
  }

  private int execute(String[] args, RunFlags flags) {
    CommandLine cl = new CommandLine(new BackupCommand(this));
    // A known subcommand first: only it is needed (picocli builds a command's model by
    // reflection, a third of a short run's start-up). Anything else (no command, --help,
    // --version, a typo, generate-completion) gets them all, for the usage text, the
    // suggestions and the completion script.
    Supplier<Object> only =
        args.length > 0 && !args[0].equals(Subcommands.COMPLETION)
            ? Subcommands.ALL.get(args[0])
            : null;
    if (only != null) {
      cl.addSubcommand(args[0], only.get());
    } else {
      Subcommands.ALL.forEach((name, command) -> cl.addSubcommand(name, command.get()));
    }
    cl.getCommandSpec().usageMessage().footer(BackupCommand.exitCodeFooter());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (ex, a) -> report(Failure.usage(ex), null, flags, Failure.commandName(ex)));
    cl.setExecutionExceptionHandler(
        (ex, c, parse) -> {
          String command = c.getCommandSpec().name();
          if (ex instanceof CommandFailure cf) {
            return report(cf.failure(), cf.summary(), flags, command);
          }
          if (ex instanceof BackupException be) {
            return report(Failure.of(be, flags.tag()), null, flags, command);
          }
          if (ex instanceof CommandLine.ParameterException pe) {
            return report(Failure.usage(pe), null, flags, command);
          }
          return report(Failure.unexpected(ex), null, flags, command);
        });
    return cl.execute(args);
  }

  private int report(Failure failure, ObjectNode summary, RunFlags flags, String command) {
    PrintWriter json = null;
    if (flags.json()) {
      json = flags.factsOnStdout() ? err : out;
    }
    if (summary != null && json != null) {
      Json.print(json, failure.addTo(summary, command));
      failure.print(err, null, flags.debug(), command);
    } else {
      failure.print(err, json, flags.debug(), command);
    }
    return failure.exitCode();
  }

  /** The zone a time given without one is read in (the user's local time). */
  ZoneId zone() {
    return ZoneId.systemDefault();
  }

  /** An absolute path for a command-line argument. */
  Path path(String arg) {
    return fileSystem.getPath(arg).toAbsolutePath().normalize();
  }

  /**
   * The target a command acts on: an absolute path that is not a directory (a file, a symlink or an
   * absent path). A directory here is a mistake, said so with its id, never an empty result.
   */
  Path target(String arg, String command) throws BackupException {
    Path target = path(arg);
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new BackupException(
          ErrorId.E_UNSUPPORTED_NODE,
          target,
          String.format(
              "%s is a directory: '%s' takes a target (a file, a symlink or an absent path); to "
                  + "check every snapshot beneath a directory, run 'backup verify %s'",
              target, command, target));
    }
    return target;
  }

  /**
   * Refuses a target that neither exists nor has any snapshot with the tag: most often a typo in
   * the path or the tag, which an empty result would hide.
   */
  static void requireKnown(SnapshotListing listing) throws BackupException {
    Path target = listing.target();
    if (listing.entries().isEmpty()
        && listing.leftovers().isEmpty()
        && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new BackupException(
          ErrorId.E_BACKUP_MISSING,
          target,
          String.format(
              "%s does not exist and has no snapshot with tag '%s'; check the path and the tag",
              target, listing.tag()));
    }
  }

  /** Wires a {@link Backup} for one command. */
  Backup backup(Policy policy, FactEmitter facts) {
    Backup.Builder builder =
        Backup.builder().fileSystem(fileSystem).clock(clock).policy(policy).facts(facts);
    if (interactive) {
      progress = new TerminalProgress(err, System::nanoTime);
      builder.hasher(new ProgressHasher(new Sha256Hasher(), progress));
    }
    return builder.build();
  }

  /**
   * Tells the progress display (on a terminal only) that the next stream read is {@code label} of
   * the regular file {@code file}; nothing when it is no regular file.
   */
  void expect(String label, Path file) {
    if (progress == null) {
      return;
    }
    try {
      BasicFileAttributes a =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (a.isRegularFile()) {
        progress.expect(label, String.valueOf(file.getFileName()), a.size());
      }
    } catch (IOException e) {
      // nothing to announce: the command itself will report what is wrong with the file
    }
  }

  /**
   * Tells the progress display (on a terminal only) that the next streams read, one per regular
   * file of {@code files}, in any order and possibly at the same time, are one phase {@code label}
   * of {@code name}, drawn as one line; files that are no regular file are left out.
   */
  void expectTogether(String label, Path name, List<Path> files) {
    if (progress == null) {
      return;
    }
    long size = 0;
    int streams = 0;
    for (Path file : files) {
      try {
        BasicFileAttributes a =
            Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isRegularFile()) {
          size += a.size();
          streams++;
        }
      } catch (IOException e) {
        // not read: the command itself will report what is wrong with the file
      }
    }
    if (streams > 0) {
      progress.expectTogether(label, String.valueOf(name.getFileName()), size, streams);
    }
  }

  /** Streams nobody announced are shown as {@code label} (verify's checks, for one). */
  void otherwise(String label) {
    if (progress != null) {
      progress.otherwise(label);
    }
  }

  /** The command's work is done: the progress display's last line is cleared. */
  void progressDone() {
    if (progress != null) {
      progress.finish();
    }
  }

  /** A policy from the common options plus the command's own settings. */
  static Policy policy(CommonOptions common, UnaryOperator<Policy.Builder> more)
      throws BackupException {
    return more.apply(Policy.builder().tag(common.tag())).build();
  }
}
