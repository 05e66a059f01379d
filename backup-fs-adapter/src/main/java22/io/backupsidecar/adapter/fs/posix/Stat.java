package io.backupsidecar.adapter.fs.posix;

import io.backupsidecar.domain.model.FileMode;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.NodeState.FileMetadata;
import io.backupsidecar.domain.model.NodeState.Unsupported.Kind;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Instant;
import java.util.List;

/**
 * What one {@code statx} said about a node: the fields a snapshot needs, all from one moment.
 *
 * @param mode the full st_mode (type and permission bits)
 * @param uid owner
 * @param gid group
 * @param size bytes
 * @param blocks 512-byte blocks allocated (fewer than the size needs for a sparse file)
 * @param dev the device, as the JDK computes {@code st_dev} ({@code makedev(major, minor)})
 * @param ino the inode number
 * @param mtimeSeconds modification time, seconds
 * @param mtimeNanos modification time, nanoseconds
 * @param nlink the number of hard links (names) of the node
 */
record Stat(
    int mode,
    int uid,
    int gid,
    long size,
    long blocks,
    long dev,
    long ino,
    long mtimeSeconds,
    int mtimeNanos,
    int nlink) {

  /** Decodes a {@code struct statx}. */
  static Stat of(MemorySegment statx) {
    int devMajor = statx.get(ValueLayout.JAVA_INT, 136);
    int devMinor = statx.get(ValueLayout.JAVA_INT, 140);
    return new Stat(
        Short.toUnsignedInt(statx.get(ValueLayout.JAVA_SHORT, 28)),
        statx.get(ValueLayout.JAVA_INT, 20),
        statx.get(ValueLayout.JAVA_INT, 24),
        statx.get(ValueLayout.JAVA_LONG, 40),
        statx.get(ValueLayout.JAVA_LONG, 48),
        makedev(devMajor, devMinor),
        statx.get(ValueLayout.JAVA_LONG, 32),
        statx.get(ValueLayout.JAVA_LONG, 112),
        statx.get(ValueLayout.JAVA_INT, 120),
        statx.get(ValueLayout.JAVA_INT, 16));
  }

  /** glibc's {@code makedev}, which the JDK's {@code st_dev} went through. */
  static long makedev(int major, int minor) {
    long ma = Integer.toUnsignedLong(major);
    long mi = Integer.toUnsignedLong(minor);
    return ((ma & 0x00000fffL) << 8)
        | ((ma & 0xfffff000L) << 32)
        | (mi & 0x000000ffL)
        | ((mi & 0xffffff00L) << 12);
  }

  int type() {
    return mode & Libc.S_IFMT;
  }

  boolean isRegular() {
    return type() == Libc.S_IFREG;
  }

  boolean isDirectory() {
    return type() == Libc.S_IFDIR;
  }

  boolean isSymlink() {
    return type() == Libc.S_IFLNK;
  }

  /** The same text as the JDK's {@code UnixFileKey.toString()}, so both backends agree. */
  String fileKey() {
    return "(dev=" + Long.toHexString(dev) + ",ino=" + ino + ")";
  }

  /** Whether both name the same inode. */
  boolean sameNode(Stat other) {
    return dev == other.dev && ino == other.ino;
  }

  Instant mtime() {
    return Instant.ofEpochSecond(mtimeSeconds, mtimeNanos);
  }

  FileMetadata metadata() {
    return new FileMetadata(new FileMode(mode), uid, gid, mtime());
  }

  /** This regular file as the model's state. */
  NodeState.RegularFile asRegularFile(List<String> xattrNames) {
    return new NodeState.RegularFile(size, metadata(), xattrNames, fileKey());
  }

  /** The kind, for a node that is neither a regular file nor a symlink. */
  Kind unsupportedKind() {
    return switch (type()) {
      case Libc.S_IFDIR -> Kind.DIRECTORY;
      case Libc.S_IFIFO -> Kind.FIFO;
      case Libc.S_IFSOCK -> Kind.SOCKET;
      case Libc.S_IFCHR, Libc.S_IFBLK -> Kind.DEVICE;
      default -> Kind.OTHER;
    };
  }

  /** A word for messages: "regular file", "FIFO", ... */
  String kindLabel() {
    if (isRegular()) {
      return "regular file";
    }
    if (isSymlink()) {
      return "symlink";
    }
    return unsupportedKind().label();
  }
}
