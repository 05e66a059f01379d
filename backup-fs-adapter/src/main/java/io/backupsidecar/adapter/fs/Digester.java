package io.backupsidecar.adapter.fs;

import io.backupsidecar.domain.port.Hasher;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The second stage of the copy pipeline ({@link HashingCopy}), on its own {@code backup-hash-N}
 * thread: digests each buffer handed over, then hands it back. It owns the pipeline's {@value
 * HashingCopy#BUFFERS} direct buffers: a buffer is never given back for refilling before its digest
 * is done, so the hash is of the bytes written.
 */
final class Digester implements Runnable {
  /** How long {@link #abandon} waits for the thread to see its interrupt and end. */
  private static final long STOP_WAIT_MILLIS = 5_000;

  /** Ends the work. */
  private static final ByteBuffer END = ByteBuffer.allocate(0);

  private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(HashingCopy.BUFFERS);
  private final BlockingQueue<ByteBuffer> full = new ArrayBlockingQueue<>(HashingCopy.BUFFERS + 1);
  private final Hasher.Session session;
  private final ExecutorService executor = DaemonThreads.HASH.single();
  private Future<?> running;
  private volatile Throwable failure;
  private long hashNanos;

  private Digester(Hasher.Session session) {
    this.session = session;
    for (int i = 0; i < HashingCopy.BUFFERS; i++) {
      free.add(ByteBuffer.allocateDirect(HashingCopy.BUFFER_BYTES));
    }
  }

  /** Starts digesting into {@code session} on a thread of its own. */
  static Digester start(Hasher.Session session) {
    Digester digester = new Digester(session);
    digester.running = digester.executor.submit(digester);
    return digester;
  }

  /** A buffer to fill, once one is free. */
  ByteBuffer free() throws InterruptedException {
    return free.take();
  }

  /** Hands a filled buffer (position to limit) over to be digested. */
  void digest(ByteBuffer chunk) throws InterruptedException {
    full.put(chunk);
    rethrow();
  }

  /** Digests what was handed over, ends the thread and returns the time spent inside the digest. */
  long finish() throws InterruptedException {
    full.put(END);
    try {
      running.get();
    } catch (ExecutionException e) {
      // run() catches what it can throw: nothing is left for the Future to carry
      throw new IllegalStateException(e.getCause());
    }
    executor.shutdown();
    rethrow();
    return hashNanos;
  }

  /** Stops the thread (the copy was abandoned) and waits, a bounded time, for it to end. */
  void abandon() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void run() {
    try {
      while (true) {
        ByteBuffer chunk = full.take();
        if (chunk == END) {
          return;
        }
        long start = System.nanoTime();
        session.update(chunk.duplicate());
        hashNanos += System.nanoTime() - start;
        free.put(chunk);
      }
    } catch (InterruptedException e) {
      // the copy was abandoned: nothing more to digest
    } catch (RuntimeException | Error e) {
      failure = e;
      // unblock the copying thread, which waits for a free buffer
      free.offer(ByteBuffer.allocate(HashingCopy.BUFFER_BYTES));
    }
  }

  private void rethrow() {
    Throwable t = failure;
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
  }
}
