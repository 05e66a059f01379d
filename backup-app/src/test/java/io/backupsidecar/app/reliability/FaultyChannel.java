package io.backupsidecar.app.reliability;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/** A file channel of a {@link FaultyFileSystem}: reads, writes, truncates and forces are ops. */
final class FaultyChannel extends FileChannel {
  private final FaultyFileSystem fs;
  private final Path path;
  private final int inode;
  private final FileChannel inner;

  FaultyChannel(FaultyFileSystem fs, Path path, int inode, FileChannel inner) {
    this.fs = fs;
    this.path = path;
    this.inode = inode;
    this.inner = inner;
    fs.opened(this);
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    int index = fs.enter(Op.Kind.READ, path, null, inode);
    int n = inner.read(dst);
    fs.done(index, Op.Kind.READ, path, null, inode, -1, null, -1, null, null);
    return n;
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    int index = fs.enter(Op.Kind.READ, path, null, inode);
    long n = inner.read(dsts, offset, length);
    fs.done(index, Op.Kind.READ, path, null, inode, -1, null, -1, null, null);
    return n;
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    int index = fs.enter(Op.Kind.READ, path, null, inode);
    int n = inner.read(dst, position);
    fs.done(index, Op.Kind.READ, path, null, inode, -1, null, -1, null, null);
    return n;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    int index = fs.enter(Op.Kind.WRITE, path, null, inode);
    long position = inner.position();
    ByteBuffer copy = src.duplicate();
    int n = inner.write(src);
    byte[] data = null;
    if (index >= 0) {
      data = new byte[n];
      copy.get(data);
    }
    fs.done(index, Op.Kind.WRITE, path, null, inode, position, data, -1, null, null);
    return n;
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    long total = 0;
    for (int i = offset; i < offset + length; i++) {
      while (srcs[i].hasRemaining()) {
        total += write(srcs[i]);
      }
    }
    return total;
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    int index = fs.enter(Op.Kind.WRITE, path, null, inode);
    ByteBuffer copy = src.duplicate();
    int n = inner.write(src, position);
    byte[] data = null;
    if (index >= 0) {
      data = new byte[n];
      copy.get(data);
    }
    fs.done(index, Op.Kind.WRITE, path, null, inode, position, data, -1, null, null);
    return n;
  }

  @Override
  public long position() throws IOException {
    return inner.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    inner.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return inner.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    int index = fs.enter(Op.Kind.TRUNCATE, path, null, inode);
    inner.truncate(size);
    fs.done(index, Op.Kind.TRUNCATE, path, null, inode, size, null, -1, null, null);
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    int index = fs.enter(Op.Kind.FORCE, path, null, inode);
    inner.force(metaData);
    fs.done(index, Op.Kind.FORCE, path, null, inode, -1, null, -1, null, null);
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) {
    throw new UnsupportedOperationException("the adapters copy through a buffer");
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) {
    throw new UnsupportedOperationException("the adapters copy through a buffer");
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) {
    throw new UnsupportedOperationException("no mapping");
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return inner.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return inner.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    fs.closed(this);
    inner.close();
  }

  @Override
  public String toString() {
    return "channel of " + path;
  }
}
