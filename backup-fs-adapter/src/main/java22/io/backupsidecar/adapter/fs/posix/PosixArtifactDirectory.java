package io.backupsidecar.adapter.fs.posix;

import io.backupsidecar.adapter.fs.Sha256Hasher;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.ExtendedAttributes;
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.Hasher;
import io.backupsidecar.domain.port.HeldFile;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A directory held by its descriptor ({@code O_RDONLY | O_DIRECTORY}): every name is resolved
 * relative to it, so a swap of the directory's path after it was opened changes nothing here.
 *
 * <p>The reads that take more than one call are in {@link DirectoryReads}, the copy in {@link
 * FdCopy}; what is left (~360 lines) is the adapter of the seventeen methods of {@link
 * ArtifactDirectory}, each a name check and a few descriptor calls, which read best together.
 */
final class PosixArtifactDirectory implements ArtifactDirectory {

  private static final int PRIVATE = 0600;

  private final Path path;
  private final OpenFile dir;
  private final boolean reflink;
  private boolean tmpfile;
  private boolean listed;

  private PosixArtifactDirectory(Path path, OpenFile dir, boolean tmpfile, boolean reflink) {
    this.path = path;
    this.dir = dir;
    this.tmpfile = tmpfile;
    this.reflink = reflink;
  }

  /** Opens {@code path} (following symlinked directories on the way, as the OS does). */
  static PosixArtifactDirectory open(Path path, boolean tmpfile, boolean reflink)
      throws IOException {
    OpenFile dir =
        OpenFile.openAt(
            Libc.AT_FDCWD,
            path.toString(),
            Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC,
            0,
            path.toString());
    return new PosixArtifactDirectory(path, dir, tmpfile, reflink);
  }

  @Override
  public Path path() {
    return path;
  }

  /** The full path of a name, for messages. */
  String pathOf(String name) {
    return path.resolve(name).toString();
  }

  int fd() {
    return dir.fd;
  }

  /** The directory's own descriptor. */
  OpenFile dirFile() {
    return dir;
  }

  static void checkName(String name) {
    if (name == null
        || name.isEmpty()
        || name.equals(".")
        || name.equals("..")
        || name.indexOf('/') >= 0
        || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          String.format("name (%s) must be a single path component", name));
    }
  }

  @Override
  public List<String> list() throws IOException {
    List<String> names = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buffer = arena.allocate(32 * 1024, 8);
      if (listed) { // a new descriptor reads from the start: no lseek to link for one list
        LibcIo.lseek(dir.fd, 0, Libc.SEEK_SET);
      }
      listed = true;
      long n;
      while ((n = LibcPaths.getdents64(dir.fd, buffer)) > 0) {
        // struct linux_dirent64: u64 d_ino, s64 d_off, u16 d_reclen, u8 d_type, char d_name[];
        // parsed from one heap copy of the entries read (a directory may hold thousands)
        byte[] entries = buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        int offset = 0;
        while (offset < n) {
          int length = (entries[offset + 16] & 0xff) | (entries[offset + 17] & 0xff) << 8;
          int nameStart = offset + 19;
          int nameEnd = nameStart;
          while (entries[nameEnd] != 0) {
            nameEnd++;
          }
          String name = new String(entries, nameStart, nameEnd - nameStart, Libc.NAMES);
          if (!name.equals(".") && !name.equals("..")) {
            names.add(name);
          }
          offset += length;
        }
      }
    } catch (ErrnoException e) {
      throw e.toIOException(path.toString());
    }
    return names;
  }

  /** {@code statx(dir, name, AT_SYMLINK_NOFOLLOW)}, raw. */
  Stat statAt(String name) throws ErrnoException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buffer = arena.allocate(Libc.STATX_SIZE, 8);
      LibcPaths.statx(dir.fd, Libc.cString(arena, name), Libc.AT_SYMLINK_NOFOLLOW, buffer);
      return Stat.of(buffer);
    }
  }

  @Override
  public NodeState inspect(String name) throws IOException {
    checkName(name);
    return DirectoryReads.inspect(this, name);
  }

  /**
   * The xattr names of a regular file opened {@code O_PATH}: {@code flistxattr} refuses such a
   * descriptor (EBADF), so the names are listed through {@code /proc/self/fd/N}, which leads to
   * exactly that inode. Without {@code /proc}, the file is opened for reading ({@code O_NOFOLLOW |
   * O_NONBLOCK}) and checked to be the same inode; a file the process may not read has unknown
   * names (empty), as in the NIO backend.
   */
  @Override
  public PosixStagedFile stageCopy(
      String source, NodeState.RegularFile expected, Hasher hasher, StageOptions options)
      throws IOException {
    return stageCopyFrom(this, source, expected, hasher, options);
  }

  @Override
  public PosixStagedFile stageCopyFrom(
      ArtifactDirectory from,
      String source,
      NodeState.RegularFile expected,
      Hasher hasher,
      StageOptions options)
      throws IOException {
    if (!(from instanceof PosixArtifactDirectory origin)) {
      throw new IllegalArgumentException(
          "the source directory was not opened by this store: " + from.path());
    }
    checkName(source);
    String full = origin.pathOf(source);
    try (OpenFile in = OpenFile.openRegular(origin.dir.fd, source, full, "copy")) {
      Stat stat = in.statAtOpen();
      checkInspected(stat, expected, full, "copy");
      ExtendedAttributes xattrs = in.xattrs();
      PosixStagedFile staged = newFile(options.provisionalName());
      try {
        FdCopy.Result result =
            FdCopy.copy(
                in,
                stat.size(),
                staged.file(),
                hasher.newSession(),
                options.sparse(),
                options.writeBehind(),
                reflink);
        staged.copied(new Copied(result.bytes(), result.hash(), result.hashNanos(), xattrs));
        staged.method(result.method());
        return staged;
      } catch (IOException | RuntimeException e) {
        staged.close();
        throw e;
      }
    }
  }

  /**
   * Holds the file by a read-only descriptor and starts hashing it ({@link PosixHeldFile}); empty
   * when it has other hard links, or when this process (not root) does not own it and so could not
   * be sure to link it ({@code fs.protected_hardlinks}).
   */
  @Override
  public Optional<HeldFile> holdInPlace(
      String source, NodeState.RegularFile expected, Hasher hasher) throws IOException {
    checkName(source);
    OpenFile in = OpenFile.openRegular(dir.fd, source, pathOf(source), "hold");
    try {
      Stat stat = in.statAtOpen();
      checkInspected(stat, expected, pathOf(source), "hold");
      int euid = Libc.geteuid();
      if (stat.nlink() != 1 || euid != 0 && euid != stat.uid()) {
        in.close();
        return Optional.empty();
      }
      return Optional.of(new PosixHeldFile(this, in, stat, in.xattrs(), hasher));
    } catch (IOException | RuntimeException e) {
      in.closeQuietly();
      throw e;
    }
  }

  /** Refuses a file that is not the one inspected (another inode took its name meanwhile). */
  private static void checkInspected(
      Stat opened, NodeState.RegularFile expected, String path, String purpose)
      throws FileSystemException {
    if (expected.fileKey() != null && !expected.fileKey().equals(opened.fileKey())) {
      throw new FileSystemException(
          path,
          null,
          String.format(
              "is no longer the file inspected (%s, now %s): it was replaced meanwhile; refusing"
                  + " to %s it",
              expected.fileKey(), opened.fileKey(), purpose));
    }
  }

  @Override
  public PosixStagedFile stageBytes(byte[] bytes, int permissions, StageOptions options)
      throws IOException {
    PosixStagedFile staged = newFile(options.provisionalName());
    try {
      staged.file().writeAll(bytes);
      staged.file().chmod(permissions);
      Hasher.Session session = new Sha256Hasher().newSession();
      session.update(bytes, 0, bytes.length);
      staged.copied(new Copied(bytes.length, session.finish(), 0));
      return staged;
    } catch (IOException | RuntimeException e) {
      staged.close();
      throw e;
    }
  }

  /**
   * A new private file: an unnamed inode ({@code O_TMPFILE}) where the filesystem has them, else
   * created exclusively under the provisional name.
   */
  private PosixStagedFile newFile(String provisionalName) throws IOException {
    if (provisionalName != null) {
      checkName(provisionalName);
    }
    if (tmpfile) {
      try (Arena arena = Arena.ofConfined()) {
        int fd =
            LibcPaths.openat(
                dir.fd,
                arena.allocateFrom("."),
                Libc.O_TMPFILE | Libc.O_RDWR | Libc.O_CLOEXEC,
                PRIVATE);
        return new PosixStagedFile(
            this, new OpenFile(fd, path + " (new unnamed file)"), null, provisionalName);
      } catch (ErrnoException e) {
        if (e.errno() != Libc.EOPNOTSUPP && e.errno() != Libc.EISDIR) {
          throw e.toIOException(path.toString());
        }
        tmpfile = false; // this filesystem has no O_TMPFILE: do not ask again
      }
    }
    if (provisionalName == null) {
      throw new FileSystemException(
          path.toString(),
          null,
          "the filesystem cannot create unnamed files (O_TMPFILE) and no provisional name was"
              + " given");
    }
    OpenFile file =
        OpenFile.openAt(
            dir.fd,
            provisionalName,
            Libc.O_CREAT | Libc.O_EXCL | Libc.O_RDWR | Libc.O_NOFOLLOW | Libc.O_CLOEXEC,
            PRIVATE,
            pathOf(provisionalName));
    return new PosixStagedFile(this, file, provisionalName, provisionalName);
  }

  @Override
  public void createSymlink(String name, String destination) throws IOException {
    checkName(name);
    try (Arena arena = Arena.ofConfined()) {
      LibcPaths.symlinkat(Libc.cString(arena, destination), dir.fd, Libc.cString(arena, name));
    } catch (ErrnoException e) {
      throw e.toIOException(pathOf(name));
    }
  }

  @Override
  public SmallFile readSmall(String name, int maxBytes) throws IOException {
    checkName(name);
    return DirectoryReads.readSmall(this, name, maxBytes);
  }

  @Override
  public ContentHash hash(String name, Hasher hasher) throws IOException {
    checkName(name);
    try (OpenFile file = OpenFile.openRegular(dir.fd, name, pathOf(name), "hash")) {
      return FdCopy.hash(file, file.stat().size(), hasher.newSession());
    }
  }

  @Override
  public SeekableByteChannel openRead(String name) throws IOException {
    checkName(name);
    return new ReadChannel(OpenFile.openRegular(dir.fd, name, pathOf(name), "read"));
  }

  @Override
  public ExtendedAttributes xattrs(String name) throws IOException {
    checkName(name);
    try (OpenFile file =
        OpenFile.openRegular(dir.fd, name, pathOf(name), "read the extended attributes of")) {
      return file.xattrs();
    }
  }

  @Override
  public long mismatch(String first, String second) throws IOException {
    checkName(first);
    checkName(second);
    return DirectoryReads.mismatch(this, first, second);
  }

  /** Fills the buffer from {@code position}; fewer bytes only at the end of the file. */
  @Override
  public void rename(String source, String destination) throws IOException {
    checkName(source);
    checkName(destination);
    try (Arena arena = Arena.ofConfined()) {
      if (statAt(source).isDirectory()) {
        throw new FileSystemException(
            pathOf(source), pathOf(destination), "is a directory; refusing to rename it");
      }
      LibcPaths.renameat(
          dir.fd, Libc.cString(arena, source), dir.fd, Libc.cString(arena, destination));
    } catch (ErrnoException e) {
      throw e.toIOException(pathOf(source), pathOf(destination));
    }
  }

  @Override
  public boolean delete(String name) throws IOException {
    checkName(name);
    try (Arena arena = Arena.ofConfined()) {
      if (statAt(name).isDirectory()) {
        throw new FileSystemException(pathOf(name), null, "is a directory; refusing to delete it");
      }
      LibcPaths.unlinkat(dir.fd, Libc.cString(arena, name), 0);
      return true;
    } catch (ErrnoException e) {
      if (e.errno() == Libc.ENOENT) {
        return false;
      }
      if (e.errno() == Libc.EISDIR) {
        throw new FileSystemException(pathOf(name), null, "is a directory; refusing to delete it");
      }
      throw e.toIOException(pathOf(name));
    }
  }

  @Override
  public FlushResult sync() throws IOException {
    try {
      LibcIo.fsync(dir.fd);
      return FlushResult.FLUSHED;
    } catch (ErrnoException e) {
      if (e.errno() == Libc.EINVAL) {
        return FlushResult.NOT_SUPPORTED; // a filesystem that cannot flush a directory
      }
      throw e.toIOException(path.toString());
    }
  }

  @Override
  public void close() throws IOException {
    dir.close();
  }

  @Override
  public String toString() {
    return "PosixArtifactDirectory[" + path + "]";
  }
}
