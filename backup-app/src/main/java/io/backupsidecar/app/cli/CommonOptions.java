package io.backupsidecar.app.cli;

import io.backupsidecar.adapter.facts.JsonLinesFactEmitter;
import io.backupsidecar.app.Version;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Tag;
import io.backupsidecar.domain.port.FactEmitter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.UUID;
import picocli.CommandLine.Option;

/** Options every command takes: {@code --tag}, {@code --facts} and {@code --debug}. */
final class CommonOptions {
  @Option(
      names = "--tag",
      paramLabel = "TAG",
      defaultValue = "backup",
      description =
          "Tag of the snapshots. Any tag switchyard writes can be read (dots, spaces, "
              + "non-ASCII, empty); new snapshots need letters, digits, _ and -. "
              + "Default: ${DEFAULT-VALUE}.")
  String tag;

  @Option(
      names = "--facts",
      paramLabel = "FILE|-",
      description = "Append JSON-lines facts to FILE, or write them to stdout with '-'.")
  String facts;

  @Option(
      names = "--debug",
      description = "Show the Java stack trace of a failure (also: BACKUP_DEBUG=1).")
  boolean debug;

  private JsonLinesFactEmitter emitter;

  Tag tag() throws BackupException {
    return Tag.parse(tag);
  }

  /** Whether facts go to stdout, so human output must go elsewhere. */
  boolean factsOnStdout() {
    return "-".equals(facts);
  }

  /** Where human output goes: stderr when stdout carries facts. */
  PrintWriter human(Cli cli) {
    return factsOnStdout() ? cli.err : cli.out;
  }

  FactEmitter emitter(Cli cli) throws BackupException {
    if (facts == null) {
      return FactEmitter.none();
    }
    String runId = UUID.randomUUID().toString();
    if (factsOnStdout()) {
      emitter =
          JsonLinesFactEmitter.toStream(
              new WriterOutputStream(cli.out), cli.clock, runId, Version.TOOL);
    } else {
      try {
        emitter = JsonLinesFactEmitter.toFile(cli.path(facts), cli.clock, runId, Version.TOOL);
      } catch (IOException e) {
        throw new BackupException(
            ErrorId.E_USAGE,
            cli.path(facts),
            Errors.inWords(String.format("cannot open the facts file %s: %s", cli.path(facts), e)),
            e);
      }
    }
    return emitter;
  }

  void close() {
    if (emitter != null) {
      try {
        emitter.close();
      } catch (IOException e) {
        // the facts already written were flushed line by line
      }
    }
  }
}
