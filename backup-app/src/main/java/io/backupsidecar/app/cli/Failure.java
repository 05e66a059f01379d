package io.backupsidecar.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * How a run that failed ends: one {@code error E_ID: message} line on stderr (a hint line after it
 * when there is one to give), the same as one JSON object on stdout under {@code --json}, and the
 * Java stack trace only when asked for ({@code --debug}, {@code BACKUP_DEBUG=1}).
 *
 * @param id the error id
 * @param exitCode the run's exit code: the id's, except where a command passes another through
 *     ({@code exec}: 126 and 127 as in shells)
 * @param message what happened, in words, naming the path
 * @param path the path concerned, or {@code null}
 * @param hints what to do, each a full command line or a sentence
 * @param cause the failure, for {@code --debug}
 */
record Failure(
    ErrorId id, int exitCode, String message, Path path, List<String> hints, Throwable cause) {

  Failure {
    hints = List.copyOf(hints);
  }

  /**
   * A domain failure, its remedies said as flags and with the command line's hint for its id (see
   * {@link Hints}).
   */
  static Failure of(BackupException e, String tag) {
    String message = Errors.inWords(Hints.message(e, tag));
    Path path = e.path().orElse(null);
    return new Failure(
        e.id(),
        e.exitCode(),
        message,
        path,
        Hints.forId(e.id(), path, tag, message).stream().toList(),
        e);
  }

  /** Anything else that escaped a command: {@code E_GENERIC}, exit 1. */
  static Failure unexpected(Throwable t) {
    return new Failure(
        ErrorId.E_GENERIC,
        ErrorId.E_GENERIC.exitCode(),
        Errors.describe(t),
        null,
        List.of("run again with --debug (or BACKUP_DEBUG=1) to see the Java stack trace"),
        t);
  }

  /** A bad command line: {@code E_USAGE}, exit 2. */
  static Failure usage(String message, List<String> hints, Throwable cause) {
    return new Failure(ErrorId.E_USAGE, ErrorId.E_USAGE.exitCode(), message, null, hints, cause);
  }

  Failure withExitCode(int code) {
    return new Failure(id, code, message, path, hints, cause);
  }

  /** Prints the failure; {@code json} (or null) is where the JSON object goes. */
  void print(PrintWriter err, PrintWriter json, boolean debug, String command) {
    if (json != null) {
      Json.print(json, toJson(command));
    }
    err.printf("error %s: %s%n", id, Table.printable(message));
    hints.forEach(h -> err.printf("hint: %s%n", Table.printable(h)));
    if (debug && cause != null) {
      StringWriter trace = new StringWriter();
      cause.printStackTrace(new PrintWriter(trace));
      err.print(trace);
    }
    err.flush();
  }

  /** The JSON form: the command, {@code error_id}, {@code exit_code}, {@code message}, ... */
  ObjectNode toJson(String command) {
    return addTo(Json.object(), command);
  }

  /** Adds the error's fields to a command's own JSON summary (exec's, for one). */
  ObjectNode addTo(ObjectNode o, String command) {
    if (command != null && !o.has("command")) {
      o.put("command", command);
    }
    o.put("error_id", id.name()).put("exit_code", exitCode()).put("message", message);
    if (path != null) {
      o.put("path", path.toString());
    }
    if (!hints.isEmpty()) {
      hints.forEach(o.putArray("hints")::add);
    }
    return o;
  }

  /** The subcommand a bad command line was for, or {@code backup}. */
  static String commandName(CommandLine.ParameterException ex) {
    CommandLine at = ex.getCommandLine();
    return at == null || at.getParent() == null ? "backup" : at.getCommandSpec().name();
  }

  /** A bad command line, with picocli's suggestions and the full command's help to run. */
  static Failure usage(CommandLine.ParameterException ex) {
    // picocli's own messages of some kinds start with "Error: "; ours have one prefix
    String message =
        ex.getMessage() == null ? "bad command line" : ex.getMessage().replaceFirst("^Error: ", "");
    List<String> hints = new ArrayList<>();
    if (ex instanceof CommandLine.UnmatchedArgumentException unmatched
        && !unmatched.getSuggestions().isEmpty()) {
      String qualified = ex.getCommandLine().getCommandSpec().qualifiedName();
      hints.add(
          "did you mean: "
              + unmatched.getSuggestions().stream()
                  .map(s -> s.startsWith("-") ? s : qualified + " " + s)
                  .collect(Collectors.joining(", "))
              + "?");
    }
    String help =
        ex.getCommandLine() == null
            ? "backup"
            : ex.getCommandLine().getCommandSpec().qualifiedName();
    hints.add(String.format("run '%s --help' for usage", help));
    return Failure.usage(message, hints, ex);
  }
}
