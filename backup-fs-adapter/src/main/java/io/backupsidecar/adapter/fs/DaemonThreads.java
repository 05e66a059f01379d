package io.backupsidecar.adapter.fs;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the adapter's helper threads: daemons (none of them may keep the JVM alive), named after
 * their job and numbered, {@code backup-hash-1}, {@code backup-hash-2}… so that a thread dump says
 * what each one does.
 */
final class DaemonThreads implements ThreadFactory {
  /** The copy pipeline's digest stage ({@link Digester}). */
  static final DaemonThreads HASH = new DaemonThreads("backup-hash");

  /** The copy pipeline's early flushes ({@link WriteBehind}). */
  static final DaemonThreads WRITE_BEHIND = new DaemonThreads("backup-write-behind");

  /** The concurrent flushes of a batch of files ({@link ConcurrentFlush}). */
  static final DaemonThreads FLUSH = new DaemonThreads("backup-flush");

  private final String prefix;
  private final AtomicInteger made = new AtomicInteger();

  private DaemonThreads(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(task, prefix + "-" + made.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  }

  /** An executor of one such thread, for a worker that lives as long as one copy. */
  ExecutorService single() {
    return Executors.newSingleThreadExecutor(this);
  }

  /** An executor of up to {@code threads} such threads, for one batch. */
  ExecutorService pool(int threads) {
    return Executors.newFixedThreadPool(threads, this);
  }
}
