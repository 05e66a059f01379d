package io.backupsidecar.app.cli;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.port.Hasher;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.function.LongSupplier;

/**
 * Shows progress on a terminal for long copies and checks: every byte a snapshot copies or a
 * restore or verify reads passes once through the hasher, so decorating it needs no port of
 * its own. Quiet below {@link #THRESHOLD} bytes per stream; redraws at most every 200 ms.
 */
final class ProgressHasher implements Hasher {
  static final long THRESHOLD = 8L << 20;
  private static final long REDRAW_NANOS = 200_000_000L;

  private final Hasher delegate;
  private final PrintWriter err;
  private final LongSupplier nanoTime;

  ProgressHasher(Hasher delegate, PrintWriter err, LongSupplier nanoTime) {
    this.delegate = delegate;
    this.err = err;
    this.nanoTime = nanoTime;
  }

  @Override
  public Session newSession() {
    Session inner = delegate.newSession();
    long started = nanoTime.getAsLong();
    return new Session() {
      private long bytes;
      private long lastDraw = started;
      private boolean drawn;

      @Override
      public void update(byte[] array, int offset, int length) {
        inner.update(array, offset, length);
        advance(length);
      }

      @Override
      public void update(ByteBuffer buffer) {
        int n = buffer.remaining();
        inner.update(buffer);
        advance(n);
      }

      private void advance(long n) {
        bytes += n;
        long now = nanoTime.getAsLong();
        if (bytes >= THRESHOLD && now - lastDraw >= REDRAW_NANOS) {
          lastDraw = now;
          drawn = true;
          double seconds = Math.max(1e-9, (now - started) / 1e9);
          err.printf("\r%,d MiB  %,.0f MiB/s ", bytes >> 20, (bytes >> 20) / seconds);
          err.flush();
        }
      }

      @Override
      public ContentHash finish() {
        if (drawn) {
          err.print("\r\033[K");
          err.flush();
        }
        return inner.finish();
      }
    };
  }
}
