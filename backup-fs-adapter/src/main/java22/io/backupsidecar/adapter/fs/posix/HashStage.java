package io.backupsidecar.adapter.fs.posix;

import io.backupsidecar.domain.port.Hasher;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The hash side: inline for small files, with one buffer the size of the file (rounded up to a
 * page) in a confined arena, else a second thread fed through a queue of the native buffers, which
 * come from a shared arena freed once that thread has stopped. (A 256 KiB buffer, zeroed, and a
 * shared arena, whose close is a handshake with every thread, for each 4 KiB file were a tenth of a
 * snapshot of 1,000 small files.)
 */
final class HashStage implements Runnable, AutoCloseable {
  private static final byte[] ZEROS = new byte[FdCopy.BUFFER_BYTES];
  private static final Chunk END = new Chunk(null, 0);

  private final Hasher.Session session;
  private final Arena arena;
  private final BlockingQueue<MemorySegment> free = new ArrayBlockingQueue<>(FdCopy.BUFFERS);
  private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(FdCopy.BUFFERS * 2 + 2);
  private final Thread thread;
  private volatile Throwable failure;
  private long hashNanos;

  /** A buffer's first {@code length} bytes, or (buffer null) that many zeros. */
  private record Chunk(MemorySegment buffer, long length) {}

  /** A stage for about {@code size} bytes (a file may grow while it is copied). */
  HashStage(Hasher.Session session, long size) {
    this.session = session;
    boolean threaded = size >= FdCopy.MIN_BYTES_FOR_THREAD;
    arena = threaded ? Arena.ofShared() : Arena.ofConfined();
    if (threaded) {
      for (int i = 0; i < FdCopy.BUFFERS; i++) {
        free.add(arena.allocate(FdCopy.BUFFER_BYTES, 4096));
      }
    } else {
      long pages = Math.max(1, (size + 4096) / 4096); // one byte more: the end shows in one read
      free.add(arena.allocate(Math.min(FdCopy.BUFFER_BYTES, pages * 4096), 4096));
    }
    if (threaded) {
      thread = new Thread(this, "backup-hash");
      thread.setDaemon(true);
      thread.start();
    } else {
      thread = null;
    }
  }

  MemorySegment take() throws IOException {
    rethrow();
    try {
      return free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while copying");
    }
  }

  void giveBack(MemorySegment buffer) {
    free.add(buffer);
  }

  void digest(MemorySegment buffer, long length) throws IOException {
    if (thread == null) {
      update(new Chunk(buffer, length));
      free.add(buffer);
    } else {
      put(new Chunk(buffer, length));
    }
  }

  void zeros(long count) throws IOException {
    if (thread == null) {
      update(new Chunk(null, count));
    } else {
      put(new Chunk(null, count));
    }
  }

  private void put(Chunk chunk) throws IOException {
    rethrow();
    try {
      full.put(chunk);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while copying");
    }
  }

  private void update(Chunk chunk) {
    long start = System.nanoTime();
    if (chunk.buffer() != null) {
      ByteBuffer bytes = chunk.buffer().asSlice(0, chunk.length()).asByteBuffer();
      session.update(bytes);
    } else {
      long left = chunk.length();
      while (left > 0) {
        int n = (int) Math.min(left, ZEROS.length);
        session.update(ZEROS, 0, n);
        left -= n;
      }
    }
    hashNanos += System.nanoTime() - start;
  }

  @Override
  public void run() {
    try {
      while (true) {
        Chunk chunk = full.take();
        if (chunk == END) {
          return;
        }
        update(chunk);
        if (chunk.buffer() != null) {
          free.put(chunk.buffer());
        }
      }
    } catch (InterruptedException e) {
      // the copy was abandoned
    } catch (RuntimeException | Error e) {
      failure = e;
      // unblock the copying thread, which may wait for a free buffer
      free.offer(arena.allocate(FdCopy.BUFFER_BYTES));
    }
  }

  FdCopy.Result finish(long bytes, FdCopy.Method method) throws IOException {
    if (thread != null) {
      put(END);
      join();
    }
    rethrow();
    return new FdCopy.Result(bytes, session.finish(), hashNanos, method);
  }

  private void join() throws InterruptedIOException {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing");
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

  /** Stops the thread (if the copy was abandoned) and frees the buffers. */
  @Override
  public void close() {
    if (thread != null) {
      stop(thread);
    }
    arena.close();
  }

  /**
   * Interrupts {@code thread} if it still runs and waits for it to end (an interrupt of the caller
   * meanwhile is kept for it): no buffer or descriptor it uses may be freed before.
   */
  static void stop(Thread thread) {
    boolean interrupted = false;
    if (thread.isAlive()) {
      thread.interrupt();
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
