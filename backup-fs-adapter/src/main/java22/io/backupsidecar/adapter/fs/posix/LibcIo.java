package io.backupsidecar.adapter.fs.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The C library calls on an open descriptor: reads, writes, flushes, clones and metadata, each
 * linked on first use (see {@link Libc}).
 */
final class LibcIo {

  private LibcIo() {}

  private static final class Read {
    static final MethodHandle H =
        Libc.link("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  }

  private static final class Pread {
    static final MethodHandle H =
        Libc.link(
            "pread", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
  }

  private static final class Pwrite {
    static final MethodHandle H =
        Libc.link(
            "pwrite", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
  }

  private static final class Lseek {
    static final MethodHandle H =
        Libc.link("lseek", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
  }

  private static final class Ftruncate {
    static final MethodHandle H =
        Libc.link("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
  }

  private static final class Fsync {
    static final MethodHandle H = Libc.link("fsync", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  }

  private static final class SyncFileRange {
    static final MethodHandle H =
        Libc.link(
            "sync_file_range",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
  }

  // int ioctl(int fd, unsigned long request, ...)
  private static final class IoctlInt {
    static final MethodHandle H =
        Libc.link(
            "ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
  }

  private static final class Fchown {
    static final MethodHandle H =
        Libc.link("fchown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  }

  private static final class Fchmod {
    static final MethodHandle H =
        Libc.link("fchmod", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  }

  private static final class Futimens {
    static final MethodHandle H =
        Libc.link("futimens", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
  }

  /** Reads up to {@code buffer.byteSize()} bytes; 0 at the end of the file. */
  static long read(int fd, MemorySegment buffer) throws ErrnoException {
    MemorySegment st = Libc.state();
    while (true) {
      long r;
      try {
        r = (long) Read.H.invokeExact(st, fd, buffer, buffer.byteSize());
      } catch (Throwable t) {
        throw Libc.unexpected(t);
      }
      if (r >= 0) {
        return r;
      }
      if (Libc.errno(st) != Libc.EINTR) {
        throw Libc.failure(st, "read");
      }
    }
  }

  static long pread(int fd, MemorySegment buffer, long length, long offset) throws ErrnoException {
    MemorySegment st = Libc.state();
    while (true) {
      long r;
      try {
        r = (long) Pread.H.invokeExact(st, fd, buffer, length, offset);
      } catch (Throwable t) {
        throw Libc.unexpected(t);
      }
      if (r >= 0) {
        return r;
      }
      if (Libc.errno(st) != Libc.EINTR) {
        throw Libc.failure(st, "pread");
      }
    }
  }

  /** Writes all {@code length} bytes at {@code offset}. */
  static void pwriteFully(int fd, MemorySegment buffer, long length, long offset)
      throws ErrnoException {
    MemorySegment st = Libc.state();
    long done = 0;
    while (done < length) {
      long r;
      try {
        r = (long) Pwrite.H.invokeExact(st, fd, buffer.asSlice(done), length - done, offset + done);
      } catch (Throwable t) {
        throw Libc.unexpected(t);
      }
      if (r < 0) {
        if (Libc.errno(st) == Libc.EINTR) {
          continue;
        }
        throw Libc.failure(st, "pwrite");
      }
      done += r;
    }
  }

  static long lseek(int fd, long offset, int whence) throws ErrnoException {
    MemorySegment st = Libc.state();
    long r;
    try {
      r = (long) Lseek.H.invokeExact(st, fd, offset, whence);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
    if (r < 0) {
      throw Libc.failure(st, "lseek");
    }
    return r;
  }

  static void ftruncate(int fd, long length) throws ErrnoException {
    MemorySegment st = Libc.state();
    int r;
    try {
      r = (int) Ftruncate.H.invokeExact(st, fd, length);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
    if (r < 0) {
      throw Libc.failure(st, "ftruncate");
    }
  }

  /** Flushes a descriptor; a failure is reported once and never retried. */
  static void fsync(int fd) throws ErrnoException {
    MemorySegment st = Libc.state();
    int r;
    try {
      r = (int) Fsync.H.invokeExact(st, fd);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
    if (r < 0) {
      throw Libc.failure(st, "fsync");
    }
  }

  /** Starts writing a range to disk without waiting for it ({@code Libc.SYNC_FILE_RANGE_WRITE}). */
  static void startWriteback(int fd, long offset, long length) throws ErrnoException {
    MemorySegment st = Libc.state();
    int r;
    try {
      r = (int) SyncFileRange.H.invokeExact(st, fd, offset, length, Libc.SYNC_FILE_RANGE_WRITE);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
    if (r < 0) {
      throw Libc.failure(st, "sync_file_range");
    }
  }

  /** {@code ioctl(dest, Libc.FICLONE, source)}: the destination shares the source's extents. */
  static void ficlone(int dest, int source) throws ErrnoException {
    MemorySegment st = Libc.state();
    int r;
    try {
      r = (int) IoctlInt.H.invokeExact(st, dest, Libc.FICLONE, source);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
    if (r < 0) {
      throw Libc.failure(st, "ioctl(Libc.FICLONE)");
    }
  }

  /** {@code fchown}; -1 leaves the owner or group as it is. */
  static void fchown(int fd, int uid, int gid) throws ErrnoException {
    MemorySegment st = Libc.state();
    int r;
    try {
      r = (int) Fchown.H.invokeExact(st, fd, uid, gid);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
    if (r < 0) {
      throw Libc.failure(st, "fchown");
    }
  }

  static void fchmod(int fd, int mode) throws ErrnoException {
    MemorySegment st = Libc.state();
    int r;
    try {
      r = (int) Fchmod.H.invokeExact(st, fd, mode);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
    if (r < 0) {
      throw Libc.failure(st, "fchmod");
    }
  }

  /** Sets the mtime and leaves the atime ({@code Libc.UTIME_OMIT}). */
  static void futimensMtime(int fd, long seconds, int nanos) throws ErrnoException {
    MemorySegment st = Libc.state();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment times = arena.allocate(JAVA_LONG, 4);
      times.setAtIndex(JAVA_LONG, 0, 0);
      times.setAtIndex(JAVA_LONG, 1, Libc.UTIME_OMIT);
      times.setAtIndex(JAVA_LONG, 2, seconds);
      times.setAtIndex(JAVA_LONG, 3, nanos);
      int r;
      try {
        r = (int) Futimens.H.invokeExact(st, fd, times);
      } catch (Throwable t) {
        throw Libc.unexpected(t);
      }
      if (r < 0) {
        throw Libc.failure(st, "futimens");
      }
    }
  }
}
