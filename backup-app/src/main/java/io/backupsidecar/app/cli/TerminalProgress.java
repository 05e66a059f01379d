package io.backupsidecar.app.cli;

import io.backupsidecar.adapter.fs.ProgressHasher;
import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * Draws one progress line on a terminal for long copies and checks: quiet below
 * {@link #THRESHOLD} bytes per stream, redrawn at most every 200 ms, cleared when done.
 */
final class TerminalProgress implements ProgressHasher.Listener {
  static final long THRESHOLD = 8L << 20;
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintWriter err;
  private final LongSupplier nanoTime;
  private long started = -1;
  private long lastDraw;
  private boolean drawn;

  TerminalProgress(PrintWriter err, LongSupplier nanoTime) {
    this.err = err;
    this.nanoTime = nanoTime;
  }

  @Override
  public void progress(long total) {
    long now = nanoTime.getAsLong();
    if (started < 0) {
      started = now;
      lastDraw = now;
    }
    if (total >= THRESHOLD && now - lastDraw >= REDRAW_NANOS) {
      lastDraw = now;
      drawn = true;
      double seconds = Math.max(1e-9, (now - started) / 1e9);
      err.printf("\r%,d MiB  %,.0f MiB/s ", total >> 20, (total >> 20) / seconds);
      err.flush();
    }
  }

  @Override
  public void done(long total) {
    if (drawn) {
      err.print("\r\033[K");
      err.flush();
    }
    started = -1;
    drawn = false;
  }
}
