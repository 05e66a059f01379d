package io.backupsidecar.app.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * {@link Main} with a stopped clock, for tests that need two processes to snapshot in the same
 * millisecond: {@code FixedClockMain MILLIS GO_FILE ARGS...} waits until GO_FILE exists, then runs
 * {@code backup ARGS} with the clock at MILLIS.
 */
final class FixedClockMain {
  private FixedClockMain() {}

  public static void main(String[] args) throws Exception {
    Clock clock = Clock.fixed(Instant.ofEpochMilli(Long.parseLong(args[0])), ZoneOffset.UTC);
    Path go = Path.of(args[1]);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!Files.exists(go) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int status =
        new Cli(FileSystems.getDefault(), clock, out, err, false)
            .run(Arrays.copyOfRange(args, 2, args.length));
    out.flush();
    err.flush();
    System.exit(status);
  }
}
