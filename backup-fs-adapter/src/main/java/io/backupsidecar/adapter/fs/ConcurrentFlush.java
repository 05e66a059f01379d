package io.backupsidecar.adapter.fs;

import io.backupsidecar.domain.model.FlushResult;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Flushes many files from a few threads at once: ext4 (and XFS) fold concurrent {@code fsync}s into
 * one journal commit, so the batch costs about as much as a few sequential flushes. Measured on
 * ext4 (virtio disk, 2 vCPUs), 1,000 freshly written 4 KiB files, median of 5: 1 thread 252 ms, 2
 * threads 67 ms, 4 threads 34 ms, 8 threads 27 ms, 16 threads 24 ms.
 */
final class ConcurrentFlush {

  /** Enough threads to fill a journal commit; more only queue on the same commit. */
  static final int MAX_THREADS = 8;

  /** Below this, starting threads costs more than the overlap saves. */
  static final int MIN_FILES_FOR_THREADS = 4;

  /** Flushes one file. */
  @FunctionalInterface
  interface Flush<T> {
    FlushResult flush(T file) throws IOException;
  }

  private ConcurrentFlush() {}

  static <T> FlushResult flushAll(List<? extends T> files, Flush<T> flush) throws IOException {
    return flushAll(files, flush, MAX_THREADS);
  }

  static <T> FlushResult flushAll(List<? extends T> files, Flush<T> flush, int maxThreads)
      throws IOException {
    int threads = Math.min(maxThreads, files.size());
    if (threads <= 1 || files.size() < MIN_FILES_FOR_THREADS) {
      FlushResult result = FlushResult.FLUSHED;
      for (T file : files) {
        result = result.and(flush.flush(file));
      }
      return result;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    ExecutorService pool = DaemonThreads.FLUSH.pool(threads);
    try {
      List<Future<FlushResult>> workers = new ArrayList<>(threads);
      for (int t = 0; t < threads; t++) {
        workers.add(
            pool.submit(
                () -> {
                  FlushResult result = FlushResult.FLUSHED;
                  int i;
                  // After one failure the batch has failed: the rest are not started (the port
                  // allows that), and nothing is ever retried.
                  while (!failed.get() && (i = next.getAndIncrement()) < files.size()) {
                    try {
                      result = result.and(flush.flush(files.get(i)));
                    } catch (IOException | RuntimeException e) {
                      failed.set(true);
                      throw e;
                    }
                  }
                  return result;
                }));
      }
      return join(workers);
    } finally {
      pool.shutdownNow();
    }
  }

  private static FlushResult join(List<Future<FlushResult>> workers) throws IOException {
    FlushResult result = FlushResult.FLUSHED;
    Throwable first = null;
    for (Future<FlushResult> worker : workers) {
      try {
        result = result.and(worker.get());
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (first == null) {
          first = cause;
        } else {
          first.addSuppressed(cause);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        InterruptedIOException interrupted =
            new InterruptedIOException("interrupted while waiting for files to be flushed");
        if (first != null) {
          interrupted.addSuppressed(first);
        }
        throw interrupted;
      }
    }
    if (first instanceof IOException) {
      throw (IOException) first;
    }
    if (first instanceof RuntimeException) {
      throw (RuntimeException) first;
    }
    if (first instanceof Error) {
      throw (Error) first;
    }
    if (first != null) {
      throw new UncheckedIOException(new IOException(first));
    }
    return result;
  }
}
