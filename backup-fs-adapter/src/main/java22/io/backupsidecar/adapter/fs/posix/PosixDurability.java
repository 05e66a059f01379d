package io.backupsidecar.adapter.fs.posix;

import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.port.Durability;
import io.backupsidecar.domain.port.StagedFile;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link Durability} of the POSIX backend: files are flushed by their descriptors ({@code
 * fsync}), several at once on their own threads (a journaling filesystem commits them in fewer
 * transactions), and copies are written to disk while they are made ({@code sync_file_range}), so
 * the final flush waits for little. No flush is ever retried.
 */
final class PosixDurability implements Durability {

  /** Flushes at once at most: more threads only queue in the same journal. */
  static final int MAX_CONCURRENT = 8;

  @Override
  public FlushResult flushFiles(List<? extends StagedFile> files) throws IOException {
    if (files.size() <= 1) {
      return Durability.super.flushFiles(files);
    }
    return new Flushes(files).flushAll();
  }

  /**
   * One call's flushes: at most {@link #MAX_CONCURRENT} threads (the caller one of them) each take
   * the next file not yet flushed until none is left, so 1,000 small files cost 7 threads, not
   * 1,000, and no flush waits for a slower batch. Every file is flushed once; after a failure no
   * further flush starts (the caller abandons them all); every thread is waited for.
   */
  private static final class Flushes implements Runnable {
    private final List<? extends StagedFile> files;
    private final FlushResult[] results;
    private final Throwable[] failures;
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean failed;

    Flushes(List<? extends StagedFile> files) {
      this.files = files;
      this.results = new FlushResult[files.size()];
      this.failures = new Throwable[files.size()];
    }

    @Override
    public void run() {
      int i;
      while (!failed && (i = next.getAndIncrement()) < files.size()) {
        try {
          results[i] = files.get(i).sync();
        } catch (Throwable t) { // reported by the caller, as a FutureTask would have
          failures[i] = t;
          failed = true;
        }
      }
    }

    FlushResult flushAll() throws IOException {
      List<Thread> threads = new ArrayList<>();
      for (int t = 1; t < Math.min(MAX_CONCURRENT, files.size()); t++) {
        Thread thread = new Thread(this, "backup-flush");
        thread.setDaemon(true);
        thread.start();
        threads.add(thread);
      }
      run();
      boolean interrupted = false;
      for (Thread thread : threads) {
        while (true) {
          try {
            thread.join();
            break;
          } catch (InterruptedException e) {
            interrupted = true; // every flush is waited for: none is left running unseen
          }
        }
      }
      FlushResult result = FlushResult.FLUSHED;
      IOException failure = null;
      for (int i = 0; i < files.size(); i++) {
        if (failures[i] != null) {
          IOException cause =
              failures[i] instanceof IOException io
                  ? io
                  : new IOException("flush failed: " + failures[i], failures[i]);
          if (failure == null) {
            failure = cause;
          } else {
            failure.addSuppressed(cause);
          }
        } else if (results[i] != null) {
          result = result.and(results[i]);
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
        if (failure == null) {
          failure = new InterruptedIOException("interrupted while flushing");
        }
      }
      if (failure != null) {
        throw failure;
      }
      return result;
    }
  }

  @Override
  public boolean writesBehind() {
    return true;
  }

  @Override
  public String toString() {
    return "PosixDurability[fsync by descriptor, concurrent, write-behind]";
  }
}
