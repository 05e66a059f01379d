package io.backupsidecar.app.reliability;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * What {@code FileChannel.open(dir, READ)} is on Linux, which Jimfs cannot give: a descriptor whose
 * only use is {@code force}, the directory flush that makes its entries durable.
 */
final class DirectoryChannel extends FileChannel {
  private final FaultyFileSystem fs;
  private final Path dir;

  DirectoryChannel(FaultyFileSystem fs, Path dir) {
    this.fs = fs;
    this.dir = dir;
    fs.opened(this);
  }

  @Override
  public void force(boolean metaData) throws IOException {
    int index = fs.enter(Op.Kind.DIR_FORCE, dir, null, -1);
    fs.done(index, Op.Kind.DIR_FORCE, dir, null, -1, -1, null, -1, null, null);
  }

  private IOException isDirectory() {
    return new FileSystemException(dir.toString(), null, "Is a directory");
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    throw isDirectory();
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    throw isDirectory();
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    throw isDirectory();
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    throw isDirectory();
  }

  @Override
  public long position() {
    return 0;
  }

  @Override
  public FileChannel position(long newPosition) {
    return this;
  }

  @Override
  public long size() {
    return 0;
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    throw isDirectory();
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    throw isDirectory();
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    throw isDirectory();
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    throw isDirectory();
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    throw isDirectory();
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    throw isDirectory();
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    throw isDirectory();
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    throw isDirectory();
  }

  @Override
  protected void implCloseChannel() {
    fs.closed(this);
  }

  @Override
  public String toString() {
    return "directory channel of " + dir;
  }
}
