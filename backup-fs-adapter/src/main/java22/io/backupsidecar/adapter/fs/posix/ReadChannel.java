package io.backupsidecar.adapter.fs.posix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only channel over a descriptor opened by {@link OpenFile#openRegular} (so known to be a
 * regular file): {@code pread} at the channel's position, through one native buffer.
 */
final class ReadChannel implements SeekableByteChannel {
  private static final int CHUNK = 1 << 16;

  private final OpenFile file;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment buffer = arena.allocate(CHUNK, 4096);
  private long position;
  private boolean open = true;

  ReadChannel(OpenFile file) {
    this.file = file;
  }

  @Override
  public synchronized int read(ByteBuffer dst) throws IOException {
    ensureOpen();
    int want = Math.min(dst.remaining(), CHUNK);
    if (want == 0) {
      return 0;
    }
    long n;
    try {
      n = LibcIo.pread(file.fd, buffer, want, position);
    } catch (ErrnoException e) {
      throw e.toIOException(file.path());
    }
    if (n == 0) {
      return -1;
    }
    dst.put(buffer.asSlice(0, n).asByteBuffer());
    position += n;
    return (int) n;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public synchronized long position() throws IOException {
    ensureOpen();
    return position;
  }

  @Override
  public synchronized SeekableByteChannel position(long newPosition) throws IOException {
    ensureOpen();
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position " + newPosition);
    }
    position = newPosition;
    return this;
  }

  @Override
  public synchronized long size() throws IOException {
    ensureOpen();
    return file.stat().size();
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  public synchronized boolean isOpen() {
    return open;
  }

  @Override
  public synchronized void close() throws IOException {
    if (open) {
      open = false;
      try {
        file.close();
      } finally {
        arena.close();
      }
    }
  }

  private void ensureOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}
