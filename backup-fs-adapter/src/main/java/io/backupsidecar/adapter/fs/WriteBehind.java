package io.backupsidecar.adapter.fs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The copy pipeline's early flushes ({@link HashingCopy}), on its own {@code backup-write-behind-N}
 * thread: one {@code fdatasync} at a time, on request, so that the later, real flush finds little
 * left to write. Its failure fails the copy, since a failed {@code fsync} may be reported only
 * once.
 *
 * <p>It is never interrupted: an interrupt during {@link FileChannel#force} would close the channel
 * the copy writes through. An abandoned flusher ends after the flush it is in.
 */
final class WriteBehind implements Runnable {
  private final FileChannel channel;
  private final Semaphore requests = new Semaphore(0);
  private final ExecutorService executor = DaemonThreads.WRITE_BEHIND.single();
  private Future<?> running;
  private volatile boolean busy;
  private volatile boolean done;
  private volatile IOException failure;

  private WriteBehind(FileChannel channel) {
    this.channel = channel;
  }

  /** Starts a flusher of {@code channel} on a thread of its own. */
  static WriteBehind start(FileChannel channel) {
    WriteBehind flusher = new WriteBehind(channel);
    flusher.running = flusher.executor.submit(flusher);
    return flusher;
  }

  /** Asks for a flush unless one is running; returns whether it was asked. */
  boolean request() throws IOException {
    rethrow();
    if (busy) {
      return false;
    }
    busy = true;
    requests.release();
    return true;
  }

  @Override
  public void run() {
    try {
      while (true) {
        requests.acquire();
        if (done) {
          return;
        }
        try {
          channel.force(false);
        } catch (IOException e) {
          failure = e;
          return;
        } finally {
          busy = false;
        }
      }
    } catch (InterruptedException e) {
      // abandoned
    }
  }

  /** Waits for the flush in progress and ends the thread; throws what any flush threw. */
  void finish() throws IOException {
    done = true;
    requests.release();
    try {
      running.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a flush");
    } catch (ExecutionException e) {
      // run() catches what it can throw: nothing is left for the Future to carry
      throw new IllegalStateException(e.getCause());
    }
    rethrow();
  }

  /** Ends the thread after the flush in progress, if any (idempotent; after finish, a no-op). */
  void abandon() {
    done = true;
    requests.release();
    executor.shutdown();
  }

  private void rethrow() throws IOException {
    IOException e = failure;
    if (e != null) {
      throw new IOException("flushing the copy while it was written failed: " + e, e);
    }
  }
}
