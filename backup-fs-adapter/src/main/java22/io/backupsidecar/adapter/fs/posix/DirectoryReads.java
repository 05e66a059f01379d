package io.backupsidecar.adapter.fs.posix;

import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.port.ArtifactDirectory.SmallFile;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.FileSystemException;
import java.util.List;

/**
 * The reads of a {@link PosixArtifactDirectory} that go beyond one call: what a name is ({@code
 * O_PATH}, {@code statx}, xattr names, link destination), a small file read whole with the status
 * of the same descriptor, and where two files first differ.
 */
final class DirectoryReads {

  /** Whether {@code flistxattr} refused an {@code O_PATH} descriptor (EBADF) once already. */
  private static volatile boolean pathDescriptorListRefused;

  private DirectoryReads() {}

  /**
   * {@link PosixArtifactDirectory#inspect}: what {@code name} is, from one {@code O_PATH} inode.
   */
  static NodeState inspect(PosixArtifactDirectory owner, String name) throws IOException {
    OpenFile dir = owner.dirFile();
    String full = owner.pathOf(name);
    OpenFile node;
    try {
      // O_PATH opens nothing for I/O: no FIFO, device or socket is ever opened, and kind,
      // status, xattr names and link destination all come from this one inode.
      node = OpenFile.openAt(dir.fd, name, Libc.O_PATH | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0, full);
    } catch (java.nio.file.NoSuchFileException e) {
      return new NodeState.Absent();
    }
    try (node) {
      Stat stat = node.stat();
      if (stat.isRegular()) {
        return stat.asRegularFile(xattrNames(dir, node, stat, name));
      }
      if (stat.isSymlink()) {
        return new NodeState.Symlink(readLink(node));
      }
      return new NodeState.Unsupported(stat.unsupportedKind());
    }
  }

  private static List<String> xattrNames(OpenFile dir, OpenFile node, Stat stat, String name)
      throws IOException {
    if (!pathDescriptorListRefused) {
      try {
        return node.xattrNames();
      } catch (FileSystemException e) {
        if (!(e.getCause() instanceof ErrnoException errno) || errno.errno() != Libc.EBADF) {
          throw e;
        }
        pathDescriptorListRefused = true; // the kernel's rule: not asked again in this process
      }
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment proc = Libc.cString(arena, "/proc/self/fd/" + node.fd);
      return OpenFile.listNames(buffer -> LibcXattrs.listxattr(proc, buffer));
    } catch (ErrnoException e) {
      if (e.errno() == Libc.EOPNOTSUPP) {
        return List.of();
      }
      if (e.errno() != Libc.ENOENT) {
        throw e.toIOException(node.path());
      }
    }
    try (OpenFile file = OpenFile.openRegular(dir.fd, name, node.path(), "list the xattrs of")) {
      return file.stat().sameNode(stat) ? file.xattrNames() : List.of();
    } catch (FileSystemException e) {
      return List.of(); // unreadable, gone or swapped for another kind: the names are unknown
    }
  }

  private static String readLink(OpenFile link) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment empty = arena.allocateFrom("");
      for (long size = 4096; ; size *= 4) {
        MemorySegment buffer = arena.allocate(size);
        long n = LibcPaths.readlinkat(link.fd, empty, buffer);
        if (n < size) {
          return new String(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), Libc.NAMES);
        }
      }
    } catch (ErrnoException e) {
      throw e.toIOException(link.path());
    }
  }

  /** {@link PosixArtifactDirectory#readSmall}: the bytes and the status of one descriptor. */
  static SmallFile readSmall(PosixArtifactDirectory owner, String name, int maxBytes)
      throws IOException {
    OpenFile dir = owner.dirFile();
    String full = owner.pathOf(name);
    try (OpenFile file = OpenFile.openRegular(dir.fd, name, full, "read")) {
      Stat stat = file.statAtOpen();
      if (stat.size() > maxBytes) {
        throw tooLong(full, stat.size(), maxBytes);
      }
      try (Arena arena = Arena.ofConfined()) {
        // Sized by the file (a sidecar is ~500 bytes; allocating, and so zeroing, maxBytes for
        // each read was a tenth of a list of 10,000), one byte more to see that it has not grown,
        // and grown up to maxBytes + 1 if it has.
        MemorySegment buffer = arena.allocate(Math.min(stat.size(), maxBytes) + 1);
        long total = 0;
        long n;
        while (total <= maxBytes) {
          if (total == buffer.byteSize()) {
            MemorySegment larger =
                arena.allocate(Math.min(2 * buffer.byteSize(), (long) maxBytes + 1));
            buffer = larger.copyFrom(buffer);
          }
          if ((n = file.read(buffer.asSlice(total))) <= 0) {
            break;
          }
          total += n;
          if (total == stat.size() && total < buffer.byteSize()) {
            // asked for one byte more than fstat's size and got the size: that is the end (a
            // short read before it only makes the loop read on)
            break;
          }
        }
        if (total > maxBytes) {
          throw tooLong(full, total, maxBytes);
        }
        return new SmallFile(
            buffer.asSlice(0, total).toArray(ValueLayout.JAVA_BYTE), stat.asRegularFile(List.of()));
      }
    }
  }

  private static FileSystemException tooLong(String file, long size, int maxBytes) {
    return new FileSystemException(
        file,
        null,
        String.format(
            "is %d bytes or more, longer than the %d bytes allowed; refusing to read it",
            size, maxBytes));
  }

  /** {@link PosixArtifactDirectory#mismatch}: the first differing offset, or -1. */
  static long mismatch(PosixArtifactDirectory owner, String first, String second)
      throws IOException {
    OpenFile dir = owner.dirFile();
    try (OpenFile a = OpenFile.openRegular(dir.fd, first, owner.pathOf(first), "compare");
        OpenFile b = OpenFile.openRegular(dir.fd, second, owner.pathOf(second), "compare");
        Arena arena = Arena.ofConfined()) {
      MemorySegment bufferA = arena.allocate(FdCopy.BUFFER_BYTES, 4096);
      MemorySegment bufferB = arena.allocate(FdCopy.BUFFER_BYTES, 4096);
      long position = 0;
      while (true) {
        long na = readFully(a, bufferA, position);
        long nb = readFully(b, bufferB, position);
        long at = MemorySegment.mismatch(bufferA, 0, na, bufferB, 0, nb);
        if (at >= 0) {
          return position + at;
        }
        if (na < FdCopy.BUFFER_BYTES) {
          return -1;
        }
        position += na;
      }
    }
  }

  private static long readFully(OpenFile file, MemorySegment buffer, long position)
      throws IOException {
    long total = 0;
    try {
      while (total < buffer.byteSize()) {
        long n =
            LibcIo.pread(
                file.fd, buffer.asSlice(total), buffer.byteSize() - total, position + total);
        if (n == 0) {
          break;
        }
        total += n;
      }
      return total;
    } catch (ErrnoException e) {
      throw e.toIOException(file.path());
    }
  }
}
