package io.backupsidecar.app.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.time.Clock;

/** The entry point of the {@code backup} command. */
public final class Main {
  private Main() {}

  /** Runs the command and exits with its status. */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int status = new Cli(FileSystems.getDefault(), Clock.systemUTC(), out, err,
        System.console() != null).run(args);
    out.flush();
    err.flush();
    System.exit(status);
  }
}
