package io.backupsidecar.adapter.fs.posix;

import io.backupsidecar.domain.model.ExtendedAttributes;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.FileSystemException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One open file descriptor and the path it was opened by (for messages only: nothing is ever looked
 * up by that path again). It has exactly one owner, who closes it; every method acts on the
 * descriptor itself ({@code statx(fd, "", AT_EMPTY_PATH)}, {@code fchmod}, {@code fgetxattr}, ...).
 * A little over the house's 250 lines because it is that whole list, one short method each.
 */
final class OpenFile implements AutoCloseable {

  /** The descriptor; package-private so that the directory and copy code can pass it on. */
  final int fd;

  private final String path;
  private boolean closed;

  /** The {@code fstat} that {@link #openRegular} checked, or {@code null}. */
  private Stat opened;

  OpenFile(int fd, String path) {
    this.fd = fd;
    this.path = path;
  }

  /** {@code openat(dirfd, name, flags, mode)}; failures name {@code path}. */
  static OpenFile openAt(int dirfd, String name, int flags, int mode, String path)
      throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      return new OpenFile(LibcPaths.openat(dirfd, Libc.cString(arena, name), flags, mode), path);
    } catch (ErrnoException e) {
      throw e.toIOException(path);
    }
  }

  /** Opens a regular file for reading so that it can neither block nor be a symlink. */
  static OpenFile openRegular(int dirfd, String name, String path, String purpose)
      throws IOException {
    OpenFile file =
        openAt(
            dirfd,
            name,
            Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_NONBLOCK | Libc.O_NOCTTY | Libc.O_CLOEXEC,
            0,
            path);
    try {
      Stat stat = file.stat();
      if (!stat.isRegular()) {
        throw new FileSystemException(
            path,
            null,
            String.format(
                "is a %s, not a regular file; refusing to %s it", stat.kindLabel(), purpose));
      }
      file.opened = stat;
      return file;
    } catch (IOException | RuntimeException e) {
      file.closeQuietly();
      throw e;
    }
  }

  String path() {
    return path;
  }

  /**
   * What this descriptor was when {@link #openRegular} checked it (no second {@code statx}; a
   * sidecar read among 10,000 made two), else what it is now.
   */
  Stat statAtOpen() throws IOException {
    return opened != null ? opened : stat();
  }

  /** What this descriptor is now. */
  Stat stat() throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buffer = arena.allocate(Libc.STATX_SIZE, 8);
      LibcPaths.statx(fd, arena.allocateFrom(""), Libc.AT_EMPTY_PATH, buffer);
      return Stat.of(buffer);
    } catch (ErrnoException e) {
      throw e.toIOException(path);
    }
  }

  /** The names of every extended attribute the process can list; empty where there are none. */
  List<String> xattrNames() throws IOException {
    try {
      return listNames(this::listInto);
    } catch (ErrnoException e) {
      if (e.errno() == Libc.EOPNOTSUPP) {
        return List.of();
      }
      throw e.toIOException(path);
    }
  }

  private long listInto(MemorySegment buffer) throws ErrnoException {
    return LibcXattrs.flistxattr(fd, buffer);
  }

  /** Lists names with a growing buffer: the set can change between the size query and the read. */
  static List<String> listNames(Lister lister) throws ErrnoException {
    while (true) {
      long size = lister.list(MemorySegment.NULL);
      if (size == 0) {
        return List.of();
      }
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment buffer = arena.allocate(size + 256);
        long length;
        try {
          length = lister.list(buffer);
        } catch (ErrnoException e) {
          if (e.errno() == Libc.ERANGE) {
            continue;
          }
          throw e;
        }
        List<String> names = new ArrayList<>();
        long start = 0;
        for (long i = 0; i < length; i++) {
          if (buffer.get(ValueLayout.JAVA_BYTE, i) == 0) {
            if (i > start) {
              byte[] bytes = buffer.asSlice(start, i - start).toArray(ValueLayout.JAVA_BYTE);
              names.add(new String(bytes, Libc.NAMES));
            }
            start = i + 1;
          }
        }
        return names;
      }
    }
  }

  /** One way of listing xattr names into a buffer ({@code flistxattr}, {@code listxattr}). */
  @FunctionalInterface
  interface Lister {
    long list(MemorySegment buffer) throws ErrnoException;
  }

  /**
   * Every extended attribute the process can read, by name, read from this descriptor: {@code
   * user.*}, {@code trusted.*} (root), {@code security.*}, {@code system.posix_acl_*}.
   */
  ExtendedAttributes xattrs() throws IOException {
    Map<String, byte[]> values = new LinkedHashMap<>();
    for (String name : xattrNames()) {
      byte[] value = xattr(name);
      if (value != null) {
        values.put(name, value);
      }
    }
    return ExtendedAttributes.of(values);
  }

  /** One attribute's value, or {@code null} if it went away since it was listed. */
  private byte[] xattr(String name) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment cName = Libc.cString(arena, name);
      while (true) {
        long size = LibcXattrs.fgetxattr(fd, cName, MemorySegment.NULL);
        MemorySegment buffer = arena.allocate(Math.max(1, size + 64));
        try {
          long length = LibcXattrs.fgetxattr(fd, cName, buffer);
          return buffer.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
        } catch (ErrnoException e) {
          if (e.errno() != Libc.ERANGE) {
            throw e;
          }
        }
      }
    } catch (ErrnoException e) {
      if (e.errno() == Libc.ENODATA) {
        return null;
      }
      throw e.toIOException(path + " (xattr " + name + ")");
    }
  }

  /** Sets one attribute; the raw failure, so the caller can tell refusal from error. */
  void setXattr(String name, byte[] value) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment cValue = arena.allocate(Math.max(1, value.length));
      MemorySegment.copy(value, 0, cValue, ValueLayout.JAVA_BYTE, 0, value.length);
      LibcXattrs.fsetxattr(fd, Libc.cString(arena, name), cValue.asSlice(0, value.length));
    }
  }

  void chown(int uid, int gid) throws ErrnoException {
    LibcIo.fchown(fd, uid, gid);
  }

  void chmod(int mode) throws IOException {
    try {
      LibcIo.fchmod(fd, mode & 07777);
    } catch (ErrnoException e) {
      throw e.toIOException(path);
    }
  }

  void setMtime(Instant mtime) throws IOException {
    try {
      LibcIo.futimensMtime(fd, mtime.getEpochSecond(), mtime.getNano());
    } catch (ErrnoException e) {
      throw e.toIOException(path);
    }
  }

  void truncate(long length) throws IOException {
    try {
      LibcIo.ftruncate(fd, length);
    } catch (ErrnoException e) {
      throw e.toIOException(path);
    }
  }

  /** {@code fsync}: never retried after a failure. */
  void sync() throws IOException {
    try {
      LibcIo.fsync(fd);
    } catch (ErrnoException e) {
      throw e.toIOException(path);
    }
  }

  /** Writes all of {@code bytes} from offset 0. */
  void writeAll(byte[] bytes) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buffer = arena.allocate(Math.max(1, bytes.length));
      MemorySegment.copy(bytes, 0, buffer, ValueLayout.JAVA_BYTE, 0, bytes.length);
      LibcIo.pwriteFully(fd, buffer, bytes.length, 0);
    } catch (ErrnoException e) {
      throw e.toIOException(path);
    }
  }

  /** Reads from the current position into {@code buffer}; 0 at the end. */
  long read(MemorySegment buffer) throws IOException {
    try {
      return LibcIo.read(fd, buffer);
    } catch (ErrnoException e) {
      throw e.toIOException(path);
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Libc.close(fd);
    } catch (ErrnoException e) {
      throw e.toIOException(path);
    }
  }

  void closeQuietly() {
    try {
      close();
    } catch (IOException e) {
      // already failing for another reason: that one is reported
    }
  }
}
