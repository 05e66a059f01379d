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
    int status;
    try {
      status =
          new Cli(
                  FileSystems.getDefault(),
                  Clock.systemUTC(),
                  out,
                  err,
                  System.console() != null,
                  System.out)
              .run(args);
    } catch (Throwable t) { // NOPMD: the last resort, when even the reporting cannot load
      // written with JDK classes only: ours may be what cannot be loaded (no descriptor left)
      err.println(
          "error E_GENERIC: the command could not start ("
              + t.getClass().getSimpleName()
              + ": "
              + t.getMessage()
              + "); if the process is short of file descriptors, raise "
              + "the limit (ulimit -n)");
      if ("1".equals(System.getenv("BACKUP_DEBUG"))
          || java.util.List.of(args).contains("--debug")) {
        t.printStackTrace(err);
      }
      status = 1;
    }
    out.flush();
    err.flush();
    System.exit(status);
  }
}
