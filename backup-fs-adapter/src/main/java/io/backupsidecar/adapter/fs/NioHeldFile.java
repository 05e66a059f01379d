package io.backupsidecar.adapter.fs;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.ExtendedAttributes;
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.port.Hasher;
import io.backupsidecar.domain.port.HeldFile;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A regular file held on NIO for a restore's capture ({@link HeldFile}): read through one channel
 * (opened after a kind check and checked by file key before and after, see {@link SafeChannels}),
 * hashed on a thread of its own at once. NIO cannot link a descriptor, so {@link #link} makes a
 * hard link from the file's name and then checks that the new name is the file held (same file key,
 * size and mtime): a name swapped in between is refused and the link taken back. A change of size
 * or mtime while it was hashed fails {@link #await}, and the capture copies instead.
 */
final class NioHeldFile implements HeldFile {
  private final HeldDirectory directory;
  private final String source;
  private final SeekableByteChannel channel;
  private final Lstat opened;
  private final ExtendedAttributes xattrs;
  private final FutureTask<ContentHash> hashing;
  private volatile long hashNanos;
  private Copied copied;
  private boolean closed;

  /** Starts hashing {@code channel}, the file {@code source} that was {@code opened}. */
  NioHeldFile(
      HeldDirectory directory,
      String source,
      SeekableByteChannel channel,
      Lstat opened,
      ExtendedAttributes xattrs,
      Hasher hasher) {
    this.directory = directory;
    this.source = source;
    this.channel = channel;
    this.opened = opened;
    this.xattrs = xattrs;
    this.hashing =
        new FutureTask<>(
            () -> {
              long start = System.nanoTime();
              ContentHash hash = Reads.hash(channel, hasher);
              hashNanos = System.nanoTime() - start;
              return hash;
            });
    DaemonThreads.HASH.newThread(hashing).start();
  }

  @Override
  public Copied await() throws IOException {
    if (copied != null) {
      return copied;
    }
    ContentHash hash;
    try {
      hash = hashing.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing " + directory.path(source));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(
          "cannot hash " + directory.path(source) + ": " + e.getCause(), e.getCause());
    }
    checkUnchanged(source, "while it was read");
    copied = new Copied(opened.size(), hash, hashNanos, xattrs);
    return copied;
  }

  @Override
  public Copied copied() {
    if (copied == null) {
      throw new IllegalStateException("the hash of " + directory.path(source) + " was not awaited");
    }
    return copied;
  }

  @Override
  public FlushResult sync() throws IOException {
    if (!(channel instanceof FileChannel file)) {
      return FlushResult.NOT_SUPPORTED;
    }
    file.force(true);
    return FlushResult.FLUSHED;
  }

  @Override
  public void link(String name) throws IOException {
    NioArtifactDirectory.checkName(name);
    Files.createLink(directory.path(name), directory.path(source));
    try {
      checkUnchanged(name, "or was swapped before it was named " + name);
    } catch (IOException e) {
      // our new name, but not of the file held (or of it changed): taken back
      try {
        Files.deleteIfExists(directory.path(name));
      } catch (IOException second) {
        e.addSuppressed(second);
      }
      throw e;
    }
  }

  /** Checks by name that {@code name} is the file held, as it was opened. */
  private void checkUnchanged(String name, String when) throws IOException {
    Lstat now = Lstat.read(directory.path(name));
    if (!Objects.equals(now.fileKey(), opened.fileKey())
        || now.size() != opened.size()
        || !Objects.equals(now.mtime(), opened.mtime())) {
      throw new FileSystemException(
          directory.path(name).toString(),
          null,
          String.format(
              "is not the file held as it was (%s, size %d, mtime %s; now %s, %d, %s): it changed %s",
              opened.fileKey(),
              opened.size(),
              opened.mtime(),
              now.fileKey(),
              now.size(),
              now.mtime(),
              when));
    }
  }

  /** Stops the hashing (if it still runs) and closes the channel; never removes the file. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    hashing.cancel(true);
    try {
      hashing.get();
    } catch (CancellationException | ExecutionException e) {
      // stopped, or failed: nothing of it is used
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    channel.close();
  }
}
