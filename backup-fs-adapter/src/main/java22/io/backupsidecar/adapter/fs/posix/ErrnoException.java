package io.backupsidecar.adapter.fs.posix;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * A C library call that failed, with its {@code errno}; the one place that turns an errno into the
 * matching {@code java.nio.file} exception, like the JDK's {@code UnixException}.
 */
final class ErrnoException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int errno;
  private final String call;

  ErrnoException(int errno, String call) {
    super(null, null, false, false);
    this.errno = errno;
    this.call = call;
  }

  /**
   * "call: text of errno", made when asked: many failures are expected and handled by their errno
   * alone (no {@code FICLONE} on ext4, no {@code flistxattr} on an {@code O_PATH} descriptor), and
   * {@code strerror} is a native call of its own.
   */
  @Override
  public String getMessage() {
    return call + ": " + Libc.strerror(errno);
  }

  int errno() {
    return errno;
  }

  String call() {
    return call;
  }

  /** The NIO exception for this failure on {@code file}. */
  IOException toIOException(String file) {
    return toIOException(file, null);
  }

  /** The NIO exception for this failure on {@code file} (and {@code other}, for a rename). */
  IOException toIOException(String file, String other) {
    String reason = Libc.strerror(errno) + " (" + call + ")";
    IOException e =
        switch (errno) {
          case Libc.ENOENT -> new NoSuchFileException(file, other, reason);
          case Libc.EEXIST -> new FileAlreadyExistsException(file, other, reason);
          case Libc.EACCES, Libc.EPERM -> new AccessDeniedException(file, other, reason);
          case Libc.ENOTDIR -> new NotDirectoryException(file);
          case Libc.ELOOP ->
              new FileSystemException(
                  file, other, "is a symlink; refusing to follow it (" + call + ")");
          default -> new FileSystemException(file, other, reason);
        };
    if (e.getCause() == null) {
      e.initCause(this);
    }
    return e;
  }
}
