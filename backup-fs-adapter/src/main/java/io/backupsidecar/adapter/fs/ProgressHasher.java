package io.backupsidecar.adapter.fs;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.port.Hasher;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hasher that tells a listener how far each stream has got. Every byte a snapshot copies, or a
 * restore or verify reads, passes once through the hasher, so progress needs no port of its own:
 * decorate the hasher.
 */
public final class ProgressHasher implements Hasher {
  /**
   * Told of the bytes seen by each stream so far, and when it is finished. Streams may run at the
   * same time on different threads (a restore hashes the file it replaces while it copies the
   * snapshot's bytes): {@code stream} tells them apart.
   */
  public interface Listener {
    /** More bytes were hashed; {@code total} is stream {@code stream}'s count so far. */
    void progress(long stream, long total);

    /** Stream {@code stream} is finished after {@code total} bytes. */
    void done(long stream, long total);
  }

  private final Hasher delegate;
  private final Listener listener;
  private final AtomicLong streams = new AtomicLong();

  /** Decorates {@code delegate}, reporting to {@code listener}. */
  public ProgressHasher(Hasher delegate, Listener listener) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  @Override
  public Session newSession() {
    Session inner = delegate.newSession();
    long stream = streams.incrementAndGet();
    return new Session() {
      private long total;

      @Override
      public void update(byte[] bytes, int offset, int length) {
        inner.update(bytes, offset, length);
        total += length;
        listener.progress(stream, total);
      }

      @Override
      public void update(ByteBuffer buffer) {
        int n = buffer.remaining();
        inner.update(buffer);
        total += n;
        listener.progress(stream, total);
      }

      @Override
      public ContentHash finish() {
        ContentHash hash = inner.finish();
        listener.done(stream, total);
        return hash;
      }
    };
  }
}
