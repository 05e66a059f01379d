package io.backupsidecar.adapter.fs.posix;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.ExtendedAttributes;
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.port.Hasher;
import io.backupsidecar.domain.port.HeldFile;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.nio.file.FileSystemException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A regular file held by its own read-only descriptor, to become a capture's payload under a second
 * name ({@code linkat} of {@code /proc/self/fd/N}, as {@link PosixStagedFile} names its files). Its
 * bytes are hashed from that descriptor on a thread of its own, started at once, so that the
 * restore that holds it can stage the snapshot's bytes meanwhile.
 *
 * <p>The file is the live target until the restore's rename: nothing is ever written to it, and a
 * change seen by {@code fstat} (size or mtime) while it was hashed or before it was named makes the
 * hash worthless: {@link #await} then fails and the caller copies the file instead; {@link #link}
 * takes its new name back and fails.
 */
final class PosixHeldFile implements HeldFile {
  private final PosixArtifactDirectory dir;
  private final OpenFile file;
  private final Stat opened;
  private final ExtendedAttributes xattrs;
  private final FutureTask<ContentHash> hashing;
  private final Thread thread;
  private long hashNanos;
  private Copied copied;
  private boolean closed;

  /** Starts hashing {@code file}, whose {@code fstat} right after opening was {@code opened}. */
  PosixHeldFile(
      PosixArtifactDirectory dir,
      OpenFile file,
      Stat opened,
      ExtendedAttributes xattrs,
      Hasher hasher) {
    this.dir = dir;
    this.file = file;
    this.opened = opened;
    this.xattrs = xattrs;
    this.hashing =
        new FutureTask<>(
            () -> {
              long start = System.nanoTime();
              ContentHash hash = FdCopy.hash(file, opened.size(), hasher.newSession());
              hashNanos = System.nanoTime() - start;
              return hash;
            });
    this.thread = new Thread(hashing, "backup-capture-hash");
    thread.setDaemon(true);
    thread.start();
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
      throw new InterruptedIOException("interrupted while hashing " + file.path());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("cannot hash " + file.path() + ": " + e.getCause(), e.getCause());
    }
    checkUnchanged("while it was read");
    copied = new Copied(opened.size(), hash, hashNanos, xattrs);
    return copied;
  }

  @Override
  public Copied copied() {
    if (copied == null) {
      throw new IllegalStateException("the hash of " + file.path() + " was not awaited");
    }
    return copied;
  }

  @Override
  public FlushResult sync() throws IOException {
    file.sync();
    return FlushResult.FLUSHED;
  }

  @Override
  public void link(String name) throws IOException {
    PosixArtifactDirectory.checkName(name);
    PosixStagedFile.linkDescriptor(dir, file, name);
    try {
      checkUnchanged("before it was named " + name);
    } catch (IOException e) {
      // the name back, if it still is this file (another file put there is not ours to remove)
      try (Arena arena = Arena.ofConfined()) {
        if (dir.statAt(name).sameNode(file.stat())) {
          LibcPaths.unlinkat(dir.fd(), Libc.cString(arena, name), 0);
        }
      } catch (ErrnoException second) {
        if (second.errno() != Libc.ENOENT) {
          e.addSuppressed(second.toIOException(dir.pathOf(name)));
        }
      } catch (IOException second) {
        e.addSuppressed(second);
      }
      throw e;
    }
  }

  private void checkUnchanged(String when) throws IOException {
    Stat now = file.stat();
    if (now.size() != opened.size()
        || now.mtimeSeconds() != opened.mtimeSeconds()
        || now.mtimeNanos() != opened.mtimeNanos()) {
      throw new FileSystemException(
          file.path(),
          null,
          String.format(
              "changed %s (size %d, now %d; mtime %s, now %s): its hash is not its content",
              when, opened.size(), now.size(), opened.mtime(), now.mtime()));
    }
  }

  /** Stops the hashing (if it still runs) and releases the descriptor; never removes the file. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    HashStage.stop(thread);
    file.close();
  }
}
