package io.backupsidecar.app.reliability;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.Iterator;

/** A directory stream of a {@link FaultyFileSystem}: tracked while open, paths wrapped. */
final class FaultyDirectoryStream implements DirectoryStream<Path> {
  private final FaultyFileSystem fs;
  private final DirectoryStream<Path> inner;

  FaultyDirectoryStream(FaultyFileSystem fs, DirectoryStream<Path> inner) {
    this.fs = fs;
    this.inner = inner;
    fs.opened(this);
  }

  @Override
  public Iterator<Path> iterator() {
    Iterator<Path> it = inner.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Path next() {
        return fs.wrap(it.next());
      }
    };
  }

  @Override
  public void close() throws IOException {
    fs.closed(this);
    inner.close();
  }

  @Override
  public String toString() {
    return "directory stream";
  }
}
