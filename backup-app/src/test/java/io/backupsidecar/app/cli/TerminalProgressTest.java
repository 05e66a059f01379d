package io.backupsidecar.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {
  private final StringWriter err = new StringWriter();
  private final AtomicLong clock = new AtomicLong();
  private final TerminalProgress progress =
      new TerminalProgress(new PrintWriter(err, true), clock::get);

  @Test
  void a_large_stream_shows_mebibytes_then_clears_the_line() {
    for (long mib = 1; mib <= 20; mib++) {
      clock.addAndGet(250_000_000L);
      progress.progress(mib << 20);
    }
    progress.done(20L << 20);
    assertTrue(err.toString().contains("20 MiB"), err.toString());
    assertTrue(err.toString().endsWith("\r\033[K"), "the progress line is cleared");
  }

  @Test
  void a_small_stream_stays_quiet() {
    progress.progress(4096);
    clock.addAndGet(10_000_000_000L);
    progress.progress(8192);
    progress.done(8192);
    assertEquals("", err.toString());
  }
}
