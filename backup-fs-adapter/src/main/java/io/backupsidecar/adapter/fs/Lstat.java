package io.backupsidecar.adapter.fs;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import io.backupsidecar.domain.model.FileMode;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.NodeState.FileMetadata;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One {@code lstat(2)} of a path through whichever attribute view the backend has best, so that
 * kind, size, mode, owner and identity all come from the same moment.
 */
record Lstat(
    Kind kind,
    long size,
    int permissions,
    Integer uid,
    Integer gid,
    Instant mtime,
    String fileKey) {

  /** What kind of node the path names. */
  enum Kind {
    REGULAR,
    SYMLINK,
    DIRECTORY,
    FIFO,
    SOCKET,
    DEVICE,
    OTHER
  }

  static final int S_IFMT = 0170000;
  static final int S_IFIFO = 0010000;
  static final int S_IFCHR = 0020000;
  static final int S_IFBLK = 0060000;
  static final int S_IFSOCK = 0140000;

  /** Permission bits assumed on a backend that has no permissions at all. */
  static final int BASIC_ONLY_PERMISSIONS = 0644;

  // Named attributes rather than "unix:*": "*" also resolves owner and group names, which costs
  // a passwd/group lookup (possibly over the network) for nothing.
  private static final String UNIX_ATTRIBUTES =
      "unix:mode,uid,gid,size,lastModifiedTime,isRegularFile,isDirectory,isSymbolicLink,isOther,"
          + "fileKey";

  /**
   * Reads the node at {@code path} without following a final symlink and without opening it.
   *
   * @return the attributes, or {@code null} when nothing is there
   */
  static Lstat readOrNull(Path path) throws IOException {
    try {
      return read(path);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Like {@link #readOrNull} but absence is a {@link NoSuchFileException}. */
  static Lstat read(Path path) throws IOException {
    Set<String> views = path.getFileSystem().supportedFileAttributeViews();
    if (views.contains("unix")) {
      return fromUnix(Files.readAttributes(path, UNIX_ATTRIBUTES, NOFOLLOW_LINKS));
    }
    if (views.contains("posix")) {
      PosixFileAttributes attrs =
          Files.readAttributes(path, PosixFileAttributes.class, NOFOLLOW_LINKS);
      return fromBasic(attrs, toBits(attrs.permissions()));
    }
    return fromBasic(
        Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW_LINKS),
        BASIC_ONLY_PERMISSIONS);
  }

  /** Reads {@code path} and fails unless it is a regular file. */
  static Lstat requireRegular(Path path, String purpose) throws IOException {
    Lstat stat = read(path);
    if (stat.kind() != Kind.REGULAR) {
      throw new FileSystemException(
          path.toString(),
          null,
          String.format(
              "is a %s, not a regular file; refusing to %s it", stat.kindName(), purpose));
    }
    return stat;
  }

  /** This regular file as the domain models it, with the given xattr names. */
  NodeState.RegularFile toRegularFile(List<String> xattrNames) {
    return new NodeState.RegularFile(
        size,
        new FileMetadata(FileMode.regular(permissions), uid, gid, mtime),
        xattrNames,
        fileKey);
  }

  /** The kind in words, for messages ("fifo", "directory"). */
  String kindName() {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  private static Lstat fromUnix(Map<String, Object> attrs) {
    int mode = (Integer) attrs.get("mode");
    Kind kind =
        kindOf(
            (Boolean) attrs.get("isRegularFile"),
            (Boolean) attrs.get("isDirectory"),
            (Boolean) attrs.get("isSymbolicLink"),
            mode);
    return new Lstat(
        kind,
        (Long) attrs.get("size"),
        mode & 07777,
        (Integer) attrs.get("uid"),
        (Integer) attrs.get("gid"),
        ((FileTime) attrs.get("lastModifiedTime")).toInstant(),
        fileKeyString(attrs.get("fileKey")));
  }

  private static Lstat fromBasic(BasicFileAttributes attrs, int permissions) {
    Kind kind = kindOf(attrs.isRegularFile(), attrs.isDirectory(), attrs.isSymbolicLink(), 0);
    return new Lstat(
        kind,
        attrs.size(),
        permissions,
        null,
        null,
        attrs.lastModifiedTime().toInstant(),
        fileKeyString(attrs.fileKey()));
  }

  // The basic booleans decide the common kinds because some backends (Jimfs) report a unix:mode
  // without file type bits; the type bits are consulted only to name an "other" node.
  static Kind kindOf(boolean regular, boolean directory, boolean symlink, int mode) {
    if (symlink) {
      return Kind.SYMLINK;
    }
    if (directory) {
      return Kind.DIRECTORY;
    }
    if (regular) {
      return Kind.REGULAR;
    }
    switch (mode & S_IFMT) {
      case S_IFIFO:
        return Kind.FIFO;
      case S_IFSOCK:
        return Kind.SOCKET;
      case S_IFCHR:
      case S_IFBLK:
        return Kind.DEVICE;
      default:
        return Kind.OTHER;
    }
  }

  static String fileKeyString(Object fileKey) {
    return fileKey == null ? null : String.valueOf(fileKey);
  }

  /**
   * The rwx bits of a permission set (no setuid, setgid or sticky: POSIX sets cannot hold them).
   */
  static int toBits(Set<PosixFilePermission> permissions) {
    // The enum is declared owner rwx, group rwx, others rwx: ordinal i is bit 0400 >> i.
    int bits = 0;
    for (PosixFilePermission p : permissions) {
      bits |= 0400 >> p.ordinal();
    }
    return bits;
  }

  /** The permission set of the rwx bits of {@code bits}; setuid, setgid and sticky are lost. */
  static Set<PosixFilePermission> toPermissions(int bits) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission p : PosixFilePermission.values()) {
      if ((bits & (0400 >> p.ordinal())) != 0) {
        set.add(p);
      }
    }
    return set;
  }
}
