package io.backupsidecar.adapter.fs.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** The C library calls on extended attributes, each linked on first use (see {@link Libc}). */
final class LibcXattrs {

  private LibcXattrs() {}

  private static final class Flistxattr {
    static final MethodHandle H =
        Libc.link("flistxattr", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  }

  private static final class Listxattr {
    static final MethodHandle H =
        Libc.link("listxattr", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
  }

  private static final class Fgetxattr {
    static final MethodHandle H =
        Libc.link(
            "fgetxattr", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
  }

  private static final class Fsetxattr {
    static final MethodHandle H =
        Libc.link(
            "fsetxattr",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
  }

  /** {@code flistxattr}; with a zero-length buffer, the size needed. */
  static long flistxattr(int fd, MemorySegment buffer) throws ErrnoException {
    MemorySegment st = Libc.state();
    long r;
    try {
      r = (long) Flistxattr.H.invokeExact(st, fd, buffer, buffer.byteSize());
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
    if (r < 0) {
      throw Libc.failure(st, "flistxattr");
    }
    return r;
  }

  /** {@code listxattr} of a path, following it (used on {@code /proc/self/fd/N} only). */
  static long listxattr(MemorySegment path, MemorySegment buffer) throws ErrnoException {
    MemorySegment st = Libc.state();
    long r;
    try {
      r = (long) Listxattr.H.invokeExact(st, path, buffer, buffer.byteSize());
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
    if (r < 0) {
      throw Libc.failure(st, "listxattr");
    }
    return r;
  }

  static long fgetxattr(int fd, MemorySegment name, MemorySegment buffer) throws ErrnoException {
    MemorySegment st = Libc.state();
    long r;
    try {
      r = (long) Fgetxattr.H.invokeExact(st, fd, name, buffer, buffer.byteSize());
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
    if (r < 0) {
      throw Libc.failure(st, "fgetxattr");
    }
    return r;
  }

  static void fsetxattr(int fd, MemorySegment name, MemorySegment value) throws ErrnoException {
    MemorySegment st = Libc.state();
    int r;
    try {
      r = (int) Fsetxattr.H.invokeExact(st, fd, name, value, value.byteSize(), 0);
    } catch (Throwable t) {
      throw Libc.unexpected(t);
    }
    if (r < 0) {
      throw Libc.failure(st, "fsetxattr");
    }
  }
}
