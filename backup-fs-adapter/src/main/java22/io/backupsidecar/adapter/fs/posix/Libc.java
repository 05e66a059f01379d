package io.backupsidecar.adapter.fs.posix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

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
 * The C library as the POSIX backend sees it: flag values, the linker, {@code errno} capture and
 * the calls without a better home ({@code close}, {@code geteuid}, {@code strerror}). The calls
 * themselves are typed Java methods in {@link LibcPaths} (calls on names in a directory), {@link
 * LibcIo} (calls on an open descriptor) and {@link LibcXattrs} (extended attributes). Every call
 * that can fail captures {@code errno} on the calling thread ({@code
 * Linker.Option.captureCallState}) and throws an {@link ErrnoException} naming the call; nothing
 * above these classes sees an errno or a return code.
 *
 * <p>Each downcall handle is linked on first use, in a holder class of its own (the JVM runs a
 * class's initializer once, thread-safely, and a {@code static final} handle stays a constant for
 * the JIT): linking a handle spins a stub and a dozen lambda forms, ~5-10 ms each at start-up, and
 * a {@code list} needs five of the 23 calls. {@link #probe()} checks at start that native access is
 * granted and that every symbol exists, so a missing one still fails the backend there and not in
 * the middle of a snapshot.
 *
 * <p>Flag values are Linux's for x86_64 and aarch64, which differ only in {@code O_DIRECTORY} and
 * {@code O_NOFOLLOW} (arm64 keeps the values of its 32-bit ancestor). File status is read with
 * {@code statx}, whose layout is the same on every architecture, rather than {@code struct stat},
 * whose layout is not.
 */
// The restricted methods (downcallHandle, reinterpret) are called here and nowhere else.
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

  /** Every C function the backend calls, checked by {@link #probe()}. */
  private static final String[] SYMBOLS = {
    "openat",
    "close",
    "statx",
    "read",
    "pread",
    "pwrite",
    "lseek",
    "ftruncate",
    "fsync",
    "sync_file_range",
    "fchown",
    "fchmod",
    "futimens",
    "flistxattr",
    "listxattr",
    "fgetxattr",
    "fsetxattr",
    "readlinkat",
    "symlinkat",
    "linkat",
    "renameat",
    "unlinkat",
    "getdents64",
    "ioctl",
    "geteuid",
    "strerror"
  };

  /** {@code struct statx}: 256 bytes, the same on every architecture. */
  static final long STATX_SIZE = 256;

  /** Type, mode, nlink, uid, gid, times, ino, size, blocks. */
  static final int STATX_BASIC_STATS = 0x7ff;

  private static final class Close {
    static final MethodHandle H = link("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  }

  private static final class Geteuid {
    static final MethodHandle H =
        LINKER.downcallHandle(symbol("geteuid"), FunctionDescriptor.of(JAVA_INT));
  }

  private static final class Strerror {
    static final MethodHandle H =
        LINKER.downcallHandle(symbol("strerror"), FunctionDescriptor.of(ADDRESS, JAVA_INT));
  }

  /**
   * Checks that native access is granted (links {@code geteuid}, which throws {@link
   * IllegalCallerException} when it is denied) and that the C library has every function used.
   */
  static void probe() {
    geteuid();
    for (String name : SYMBOLS) {
      symbol(name);
    }
  }

  private static MemorySegment symbol(String name) {
    return LINKER
        .defaultLookup()
        .find(name)
        .orElseThrow(() -> new UnsatisfiedLinkError("the C library has no " + name));
  }

  /** Links {@code name}, its first parameter the segment that receives {@code errno}. */
  static MethodHandle link(String name, FunctionDescriptor descriptor, Linker.Option... options) {
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

  /** This thread's segment that receives {@code errno}. */
  static MemorySegment state() {
    return STATE.get();
  }

  static ErrnoException failure(MemorySegment state, String call) {
    return new ErrnoException((int) ERRNO.get(state, 0L), call);
  }

  static int errno(MemorySegment state) {
    return (int) ERRNO.get(state, 0L);
  }

  /** Rethrows an unchecked throwable; wraps a checked one (none is declared by the handles). */
  static RuntimeException unexpected(Throwable t) {
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

  /** Closes a descriptor; never retried, even on {@code EINTR} (Linux has closed it anyway). */
  static void close(int fd) throws ErrnoException {
    MemorySegment st = state();
    int r;
    try {
      r = (int) Close.H.invokeExact(st, fd);
    } catch (Throwable t) {
      throw unexpected(t);
    }
    if (r < 0 && errno(st) != EINTR) {
      throw failure(st, "close");
    }
  }

  static int geteuid() {
    try {
      return (int) Geteuid.H.invokeExact();
    } catch (Throwable t) {
      throw unexpected(t);
    }
  }

  /** The C library's text for an errno, e.g. "No such file or directory". */
  static String strerror(int errno) {
    try {
      MemorySegment text = (MemorySegment) Strerror.H.invokeExact(errno);
      return text.equals(MemorySegment.NULL)
          ? "errno " + errno
          : text.reinterpret(1024).getString(0, StandardCharsets.UTF_8);
    } catch (Throwable t) {
      return "errno " + errno;
    }
  }
}
