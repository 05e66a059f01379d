package io.backupsidecar.adapter.fs.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The C library calls on names in a directory ({@code *at} with a directory descriptor, and {@code
 * getdents64}), each linked on first use (see {@link Libc}).
 */
final class LibcPaths {

  private LibcPaths() {}

  // int openat(int dirfd, const char *path, int flags, ... /* mode_t mode */)
  private static final class Openat {
    static final MethodHandle H =
        Libc.link(
            "openat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(3));
  }

  private static final class Statx {
    static final MethodHandle H =
        Libc.link(
            "statx",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
  }

  private static final class Readlinkat {
    static final MethodHandle H =
        Libc.link(
            "readlinkat", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
  }

  private static final class Symlinkat {
    static final MethodHandle H =
        Libc.link("symlinkat", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
  }

  private static final class Linkat {
    static final MethodHandle H =
        Libc.link(
            "linkat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
  }

  private static final class Renameat {
    static final MethodHandle H =
        Libc.link(
            "renameat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
  }

  private static final class Unlinkat {
    static final MethodHandle H =
        Libc.link("unlinkat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  }

  private static final class Getdents64 {
    static final MethodHandle H =
        Libc.link("getdents64", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  }

  static int openat(int dirfd, MemorySegment path, int flags, int mode) throws ErrnoException {
    MemorySegment st = Libc.state();
    try {
      int r = (int) Openat.H.invokeExact(st, dirfd, path, flags, mode);
      if (r < 0) {
        throw Libc.failure(st, "openat");
      }
      return r;
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
  }

  static void statx(int dirfd, MemorySegment path, int flags, MemorySegment buffer)
      throws ErrnoException {
    MemorySegment st = Libc.state();
    int r;
    try {
      r = (int) Statx.H.invokeExact(st, dirfd, path, flags, Libc.STATX_BASIC_STATS, buffer);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
    if (r < 0) {
      throw Libc.failure(st, "statx");
    }
  }

  static long readlinkat(int dirfd, MemorySegment path, MemorySegment buffer)
      throws ErrnoException {
    MemorySegment st = Libc.state();
    long r;
    try {
      r = (long) Readlinkat.H.invokeExact(st, dirfd, path, buffer, buffer.byteSize());
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
    if (r < 0) {
      throw Libc.failure(st, "readlinkat");
    }
    return r;
  }

  static void symlinkat(MemorySegment target, int dirfd, MemorySegment name) throws ErrnoException {
    MemorySegment st = Libc.state();
    int r;
    try {
      r = (int) Symlinkat.H.invokeExact(st, target, dirfd, name);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
    if (r < 0) {
      throw Libc.failure(st, "symlinkat");
    }
  }

  static void linkat(
      int olddirfd, MemorySegment oldpath, int newdirfd, MemorySegment newpath, int flags)
      throws ErrnoException {
    MemorySegment st = Libc.state();
    int r;
    try {
      r = (int) Linkat.H.invokeExact(st, olddirfd, oldpath, newdirfd, newpath, flags);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
    if (r < 0) {
      throw Libc.failure(st, "linkat");
    }
  }

  static void renameat(int olddirfd, MemorySegment oldpath, int newdirfd, MemorySegment newpath)
      throws ErrnoException {
    MemorySegment st = Libc.state();
    int r;
    try {
      r = (int) Renameat.H.invokeExact(st, olddirfd, oldpath, newdirfd, newpath);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
    if (r < 0) {
      throw Libc.failure(st, "renameat");
    }
  }

  static void unlinkat(int dirfd, MemorySegment path, int flags) throws ErrnoException {
    MemorySegment st = Libc.state();
    int r;
    try {
      r = (int) Unlinkat.H.invokeExact(st, dirfd, path, flags);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
    if (r < 0) {
      throw Libc.failure(st, "unlinkat");
    }
  }

  /** Reads directory entries ({@code struct linux_dirent64}); 0 at the end. */
  static long getdents64(int fd, MemorySegment buffer) throws ErrnoException {
    MemorySegment st = Libc.state();
    long r;
    try {
      r = (long) Getdents64.H.invokeExact(st, fd, buffer, buffer.byteSize());
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
    if (r < 0) {
      throw Libc.failure(st, "getdents64");
    }
    return r;
  }
}
