package io.backupsidecar.adapter.fs.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The C library calls of the POSIX backend, as typed Java methods: the one class that holds
 * downcall handles, flag values and struct layouts. Every call that can fail captures {@code errno}
 * on the calling thread ({@code Linker.Option.captureCallState}) and throws an {@link
 * ErrnoException} naming the call; nothing above this class sees an errno or a return code.
 *
 * <p>Flag values are Linux's for x86_64 and aarch64, which differ only in {@code O_DIRECTORY} and
 * {@code O_NOFOLLOW} (arm64 keeps the values of its 32-bit ancestor). File status is read with
 * {@code statx}, whose layout is the same on every architecture, rather than {@code struct stat},
 * whose layout is not.
 */
// The restricted methods (downcallHandle, reinterpret) are called here and nowhere else: this is
// the one class whose native access the JVM's --enable-native-access grants.
@SuppressWarnings("restricted")
final class Libc {

  private Libc() {}

  private static final boolean AARCH64 = "aarch64".equals(System.getProperty("os.arch"));

  static final int O_RDONLY = 0;
  static final int O_RDWR = 02;
  static final int O_CREAT = 0100;
  static final int O_EXCL = 0200;
  static final int O_NOCTTY = 0400;
  static final int O_APPEND = 02000;
  static final int O_NONBLOCK = 04000;
  static final int O_DIRECTORY = AARCH64 ? 040000 : 0200000;
  static final int O_NOFOLLOW = AARCH64 ? 0100000 : 0400000;
  static final int O_CLOEXEC = 02000000;
  static final int O_PATH = 010000000;
  static final int O_TMPFILE = 020000000 | O_DIRECTORY;

  static final int AT_FDCWD = -100;
  static final int AT_SYMLINK_NOFOLLOW = 0x100;
  static final int AT_SYMLINK_FOLLOW = 0x400;
  static final int AT_EMPTY_PATH = 0x1000;

  static final int SEEK_SET = 0;
  static final int SEEK_DATA = 3;
  static final int SEEK_HOLE = 4;

  static final long UTIME_OMIT = (1L << 30) - 2L;
  static final int SYNC_FILE_RANGE_WRITE = 2;

  /** {@code _IOW(0x94, 9, int)}: share the source's extents (btrfs, xfs, bcachefs). */
  static final long FICLONE = 0x40049409L;

  static final int S_IFMT = 0170000;
  static final int S_IFREG = 0100000;
  static final int S_IFDIR = 0040000;
  static final int S_IFLNK = 0120000;
  static final int S_IFIFO = 0010000;
  static final int S_IFSOCK = 0140000;
  static final int S_IFCHR = 0020000;
  static final int S_IFBLK = 0060000;

  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int EINTR = 4;
  static final int ENXIO = 6;
  static final int EBADF = 9;
  static final int EACCES = 13;
  static final int EEXIST = 17;
  static final int EXDEV = 18;
  static final int ENOTDIR = 20;
  static final int EISDIR = 21;
  static final int EINVAL = 22;
  static final int ENOTTY = 25;
  static final int EROFS = 30;
  static final int ERANGE = 34;
  static final int ENOSYS = 38;
  static final int ELOOP = 40;
  static final int ENODATA = 61;
  static final int EOPNOTSUPP = 95;

  /** The charset the JDK uses for file names ({@code sun.jnu.encoding}), so names round-trip. */
  static final Charset NAMES = namesCharset();

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final ThreadLocal<MemorySegment> STATE =
      ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

  // int openat(int dirfd, const char *path, int flags, ... /* mode_t mode */)
  private static final MethodHandle OPENAT =
      errnoCall(
          "openat",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
          Linker.Option.firstVariadicArg(3));
  private static final MethodHandle CLOSE =
      errnoCall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle STATX =
      errnoCall(
          "statx", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
  private static final MethodHandle READ =
      errnoCall("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle PREAD =
      errnoCall("pread", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
  private static final MethodHandle PWRITE =
      errnoCall(
          "pwrite", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
  private static final MethodHandle LSEEK =
      errnoCall("lseek", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
  private static final MethodHandle FTRUNCATE =
      errnoCall("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
  private static final MethodHandle FSYNC =
      errnoCall("fsync", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle SYNC_FILE_RANGE =
      errnoCall(
          "sync_file_range",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
  private static final MethodHandle FCHOWN =
      errnoCall("fchown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle FCHMOD =
      errnoCall("fchmod", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle FUTIMENS =
      errnoCall("futimens", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
  private static final MethodHandle FLISTXATTR =
      errnoCall("flistxattr", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  private static final MethodHandle LISTXATTR =
      errnoCall("listxattr", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
  private static final MethodHandle FGETXATTR =
      errnoCall(
          "fgetxattr", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
  private static final MethodHandle FSETXATTR =
      errnoCall(
          "fsetxattr",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
  private static final MethodHandle READLINKAT =
      errnoCall(
          "readlinkat", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
  private static final MethodHandle SYMLINKAT =
      errnoCall("symlinkat", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
  private static final MethodHandle LINKAT =
      errnoCall(
          "linkat",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle RENAMEAT =
      errnoCall("renameat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
  private static final MethodHandle UNLINKAT =
      errnoCall("unlinkat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle GETDENTS64 =
      errnoCall("getdents64", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
  // int ioctl(int fd, unsigned long request, ...)
  private static final MethodHandle IOCTL_INT =
      errnoCall(
          "ioctl",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT),
          Linker.Option.firstVariadicArg(2));
  private static final MethodHandle GETEUID =
      LINKER.downcallHandle(symbol("geteuid"), FunctionDescriptor.of(JAVA_INT));
  private static final MethodHandle STRERROR =
      LINKER.downcallHandle(symbol("strerror"), FunctionDescriptor.of(ADDRESS, JAVA_INT));

  /** {@code struct statx}: 256 bytes, the same on every architecture. */
  static final long STATX_SIZE = 256;

  /** Type, mode, nlink, uid, gid, times, ino, size, blocks. */
  static final int STATX_BASIC_STATS = 0x7ff;

  private static MemorySegment symbol(String name) {
    return LINKER
        .defaultLookup()
        .find(name)
        .orElseThrow(() -> new UnsatisfiedLinkError("the C library has no " + name));
  }

  private static MethodHandle errnoCall(
      String name, FunctionDescriptor descriptor, Linker.Option... options) {
    Linker.Option[] all = new Linker.Option[options.length + 1];
    all[0] = Linker.Option.captureCallState("errno");
    System.arraycopy(options, 0, all, 1, options.length);
    return LINKER.downcallHandle(symbol(name), descriptor, all);
  }

  private static Charset namesCharset() {
    try {
      return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
    } catch (RuntimeException e) {
      return StandardCharsets.UTF_8;
    }
  }

  private static MemorySegment state() {
    return STATE.get();
  }

  private static ErrnoException failure(MemorySegment state, String call) {
    return new ErrnoException((int) ERRNO.get(state, 0L), call);
  }

  private static int errno(MemorySegment state) {
    return (int) ERRNO.get(state, 0L);
  }

  private static RuntimeException unexpected(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("native call failed unexpectedly", t);
  }

  /** A name or path as the C string the kernel sees, allocated in {@code arena}. */
  static MemorySegment cString(Arena arena, String text) {
    if (text.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a name must not contain a NUL character");
    }
    return arena.allocateFrom(text, NAMES);
  }

  static int openat(int dirfd, MemorySegment path, int flags, int mode) throws ErrnoException {
    MemorySegment st = state();
    try {
      int r = (int) OPENAT.invokeExact(st, dirfd, path, flags, mode);
      if (r < 0) {
        throw failure(st, "openat");
      }
      return r;
    } catch (ErrnoException e) {
      throw e;
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** Closes a descriptor; never retried, even on {@code EINTR} (Linux has closed it anyway). */
  static void close(int fd) throws ErrnoException {
    MemorySegment st = state();
    int r;
    try {
      r = (int) CLOSE.invokeExact(st, fd);
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0 && errno(st) != EINTR) {
      throw failure(st, "close");
    }
  }

  static void statx(int dirfd, MemorySegment path, int flags, MemorySegment buffer)
      throws ErrnoException {
    MemorySegment st = state();
    int r;
    try {
      r = (int) STATX.invokeExact(st, dirfd, path, flags, STATX_BASIC_STATS, buffer);
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw failure(st, "statx");
    }
  }

  /** Reads up to {@code buffer.byteSize()} bytes; 0 at the end of the file. */
  static long read(int fd, MemorySegment buffer) throws ErrnoException {
    MemorySegment st = state();
    while (true) {
      long r;
      try {
        r = (long) READ.invokeExact(st, fd, buffer, buffer.byteSize());
      } catch (Throwable t) {
        throw unexpected(t);
      }
      if (r >= 0) {
        return r;
      }
      if (errno(st) != EINTR) {
        throw failure(st, "read");
      }
    }
  }

  static long pread(int fd, MemorySegment buffer, long length, long offset) throws ErrnoException {
    MemorySegment st = state();
    while (true) {
      long r;
      try {
        r = (long) PREAD.invokeExact(st, fd, buffer, length, offset);
      } catch (Throwable t) {
        throw unexpected(t);
      }
      if (r >= 0) {
        return r;
      }
      if (errno(st) != EINTR) {
        throw failure(st, "pread");
      }
    }
  }

  /** Writes all {@code length} bytes at {@code offset}. */
  static void pwriteFully(int fd, MemorySegment buffer, long length, long offset)
      throws ErrnoException {
    MemorySegment st = state();
    long done = 0;
    while (done < length) {
      long r;
      try {
        r = (long) PWRITE.invokeExact(st, fd, buffer.asSlice(done), length - done, offset + done);
      } catch (Throwable t) {
        throw unexpected(t);
      }
      if (r < 0) {
        if (errno(st) == EINTR) {
          continue;
        }
        throw failure(st, "pwrite");
      }
      done += r;
    }
  }

  static long lseek(int fd, long offset, int whence) throws ErrnoException {
    MemorySegment st = state();
    long r;
    try {
      r = (long) LSEEK.invokeExact(st, fd, offset, whence);
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw failure(st, "lseek");
    }
    return r;
  }

  static void ftruncate(int fd, long length) throws ErrnoException {
    MemorySegment st = state();
    int r;
    try {
      r = (int) FTRUNCATE.invokeExact(st, fd, length);
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw failure(st, "ftruncate");
    }
  }

  /** Flushes a descriptor; a failure is reported once and never retried. */
  static void fsync(int fd) throws ErrnoException {
    MemorySegment st = state();
    int r;
    try {
      r = (int) FSYNC.invokeExact(st, fd);
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw failure(st, "fsync");
    }
  }

  /** Starts writing a range to disk without waiting for it ({@code SYNC_FILE_RANGE_WRITE}). */
  static void startWriteback(int fd, long offset, long length) throws ErrnoException {
    MemorySegment st = state();
    int r;
    try {
      r = (int) SYNC_FILE_RANGE.invokeExact(st, fd, offset, length, SYNC_FILE_RANGE_WRITE);
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw failure(st, "sync_file_range");
    }
  }

  /** {@code fchown}; -1 leaves the owner or group as it is. */
  static void fchown(int fd, int uid, int gid) throws ErrnoException {
    MemorySegment st = state();
    int r;
    try {
      r = (int) FCHOWN.invokeExact(st, fd, uid, gid);
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw failure(st, "fchown");
    }
  }

  static void fchmod(int fd, int mode) throws ErrnoException {
    MemorySegment st = state();
    int r;
    try {
      r = (int) FCHMOD.invokeExact(st, fd, mode);
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw failure(st, "fchmod");
    }
  }

  /** Sets the mtime and leaves the atime ({@code UTIME_OMIT}). */
  static void futimensMtime(int fd, long seconds, int nanos) throws ErrnoException {
    MemorySegment st = state();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment times = arena.allocate(JAVA_LONG, 4);
      times.setAtIndex(JAVA_LONG, 0, 0);
      times.setAtIndex(JAVA_LONG, 1, UTIME_OMIT);
      times.setAtIndex(JAVA_LONG, 2, seconds);
      times.setAtIndex(JAVA_LONG, 3, nanos);
      int r;
      try {
        r = (int) FUTIMENS.invokeExact(st, fd, times);
      } catch (Throwable t) {
        throw unexpected(t);
      }
      if (r < 0) {
        throw failure(st, "futimens");
      }
    }
  }

  /** {@code flistxattr}; with a zero-length buffer, the size needed. */
  static long flistxattr(int fd, MemorySegment buffer) throws ErrnoException {
    MemorySegment st = state();
    long r;
    try {
      r = (long) FLISTXATTR.invokeExact(st, fd, buffer, buffer.byteSize());
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw failure(st, "flistxattr");
    }
    return r;
  }

  /** {@code listxattr} of a path, following it (used on {@code /proc/self/fd/N} only). */
  static long listxattr(MemorySegment path, MemorySegment buffer) throws ErrnoException {
    MemorySegment st = state();
    long r;
    try {
      r = (long) LISTXATTR.invokeExact(st, path, buffer, buffer.byteSize());
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw failure(st, "listxattr");
    }
    return r;
  }

  static long fgetxattr(int fd, MemorySegment name, MemorySegment buffer) throws ErrnoException {
    MemorySegment st = state();
    long r;
    try {
      r = (long) FGETXATTR.invokeExact(st, fd, name, buffer, buffer.byteSize());
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw failure(st, "fgetxattr");
    }
    return r;
  }

  static void fsetxattr(int fd, MemorySegment name, MemorySegment value) throws ErrnoException {
    MemorySegment st = state();
    int r;
    try {
      r = (int) FSETXATTR.invokeExact(st, fd, name, value, value.byteSize(), 0);
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw failure(st, "fsetxattr");
    }
  }

  static long readlinkat(int dirfd, MemorySegment path, MemorySegment buffer)
      throws ErrnoException {
    MemorySegment st = state();
    long r;
    try {
      r = (long) READLINKAT.invokeExact(st, dirfd, path, buffer, buffer.byteSize());
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw failure(st, "readlinkat");
    }
    return r;
  }

  static void symlinkat(MemorySegment target, int dirfd, MemorySegment name) throws ErrnoException {
    MemorySegment st = state();
    int r;
    try {
      r = (int) SYMLINKAT.invokeExact(st, target, dirfd, name);
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw failure(st, "symlinkat");
    }
  }

  static void linkat(
      int olddirfd, MemorySegment oldpath, int newdirfd, MemorySegment newpath, int flags)
      throws ErrnoException {
    MemorySegment st = state();
    int r;
    try {
      r = (int) LINKAT.invokeExact(st, olddirfd, oldpath, newdirfd, newpath, flags);
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw failure(st, "linkat");
    }
  }

  static void renameat(int olddirfd, MemorySegment oldpath, int newdirfd, MemorySegment newpath)
      throws ErrnoException {
    MemorySegment st = state();
    int r;
    try {
      r = (int) RENAMEAT.invokeExact(st, olddirfd, oldpath, newdirfd, newpath);
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw failure(st, "renameat");
    }
  }

  static void unlinkat(int dirfd, MemorySegment path, int flags) throws ErrnoException {
    MemorySegment st = state();
    int r;
    try {
      r = (int) UNLINKAT.invokeExact(st, dirfd, path, flags);
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw failure(st, "unlinkat");
    }
  }

  /** Reads directory entries ({@code struct linux_dirent64}); 0 at the end. */
  static long getdents64(int fd, MemorySegment buffer) throws ErrnoException {
    MemorySegment st = state();
    long r;
    try {
      r = (long) GETDENTS64.invokeExact(st, fd, buffer, buffer.byteSize());
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw failure(st, "getdents64");
    }
    return r;
  }

  /** {@code ioctl(dest, FICLONE, source)}: the destination shares the source's extents. */
  static void ficlone(int dest, int source) throws ErrnoException {
    MemorySegment st = state();
    int r;
    try {
      r = (int) IOCTL_INT.invokeExact(st, dest, FICLONE, source);
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0) {
      throw failure(st, "ioctl(FICLONE)");
    }
  }

  static int geteuid() {
    try {
      return (int) GETEUID.invokeExact();
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** The C library's text for an errno, e.g. "No such file or directory". */
  static String strerror(int errno) {
    try {
      MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
      return text.equals(MemorySegment.NULL)
          ? "errno " + errno
          : text.reinterpret(1024).getString(0, StandardCharsets.UTF_8);
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }
}
