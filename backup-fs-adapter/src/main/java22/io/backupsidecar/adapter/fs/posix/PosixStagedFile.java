package io.backupsidecar.adapter.fs.posix;

import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.model.NodeState.FileMetadata;
import io.backupsidecar.domain.port.StagedFile;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A new file held by its descriptor: an unnamed {@code O_TMPFILE} inode, or (where the filesystem
 * has none) a file created exclusively under a provisional name. It is completed by descriptor
 * ({@code fchown}, {@code fchmod}, {@code fsetxattr}, {@code futimens}, {@code fsync}) and named by
 * {@code linkat} of the descriptor itself ({@code /proc/self/fd/N}), so the name given is always
 * this inode, whatever happened to any name meanwhile.
 */
final class PosixStagedFile implements StagedFile {

  private final PosixArtifactDirectory dir;
  private final OpenFile file;

  /** The provisional name of a file that has one (no O_TMPFILE), while it still is ours. */
  private String provisional;

  /**
   * The provisional name the caller chose (a name its prune recognizes as a leftover): an unnamed
   * file is linked under it for the instant before {@link #replace} renames it.
   */
  private final String requestedName;

  private boolean named;
  private Copied copied;
  private FdCopy.Method method = FdCopy.Method.DENSE;

  PosixStagedFile(
      PosixArtifactDirectory dir, OpenFile file, String provisional, String requestedName) {
    this.dir = dir;
    this.file = file;
    this.provisional = provisional;
    this.requestedName = requestedName;
  }

  OpenFile file() {
    return file;
  }

  void copied(Copied copied) {
    this.copied = copied;
  }

  void method(FdCopy.Method method) {
    this.method = method;
  }

  /** How the bytes were copied (for tests and measurements). */
  FdCopy.Method method() {
    return method;
  }

  /** Whether the file was created under a provisional name (no {@code O_TMPFILE}). */
  boolean hasProvisionalName() {
    return provisional != null;
  }

  @Override
  public Copied copied() {
    return copied;
  }

  @Override
  public List<String> complete(FileMetadata metadata) throws IOException {
    Stat stat = file.stat();
    boolean uidDiffers = metadata.uid() != null && metadata.uid() != stat.uid();
    boolean gidDiffers = metadata.gid() != null && metadata.gid() != stat.gid();
    if (uidDiffers || gidDiffers) {
      try {
        file.chown(uidDiffers ? metadata.uid() : -1, gidDiffers ? metadata.gid() : -1);
      } catch (ErrnoException e) {
        // Not privileged: the file keeps the caller's ownership, as the port promises.
        if (e.errno() != Libc.EPERM || Libc.geteuid() == 0) {
          throw e.toIOException(file.path());
        }
      }
    }
    int permissions = metadata.mode().permissions();
    file.chmod(permissions);
    List<String> refused = new ArrayList<>();
    if (copied != null) {
      for (Map.Entry<String, byte[]> xattr : copied.xattrs().asMap().entrySet()) {
        try {
          file.setXattr(xattr.getKey(), xattr.getValue());
        } catch (ErrnoException e) {
          if (e.errno() == Libc.EPERM || e.errno() == Libc.EACCES || e.errno() == Libc.EOPNOTSUPP) {
            refused.add(xattr.getKey());
          } else {
            throw e.toIOException(file.path() + " (xattr " + xattr.getKey() + ")");
          }
        }
      }
    }
    // An ACL written as system.posix_acl_access sets the group bits from its mask (and, for a
    // caller outside the group, may clear setgid): the mode recorded has the last word.
    if ((file.stat().mode() & 07777) != permissions) {
      file.chmod(permissions);
    }
    if (metadata.mtime() != null) {
      file.setMtime(metadata.mtime());
    }
    return List.copyOf(refused);
  }

  @Override
  public FlushResult sync() throws IOException {
    file.sync();
    return FlushResult.FLUSHED;
  }

  @Override
  public void link(String name) throws IOException {
    PosixArtifactDirectory.checkName(name);
    if (name.equals(provisional)) {
      named = true; // already there, exclusively created under this name
      return;
    }
    linkDescriptor(name);
    named = true;
    dropProvisionalName();
  }

  @Override
  public void replace(String name) throws IOException {
    PosixArtifactDirectory.checkName(name);
    if (name.equals(provisional)) {
      named = true;
      return;
    }
    // The temporary name: the caller's provisional one if free (a crash right here leaves a
    // name its prune removes), else a random one.
    String temporary = null;
    for (int attempt = 0; temporary == null; attempt++) {
      String candidate =
          attempt == 0
                  && requestedName != null
                  && provisional == null
                  && !requestedName.equals(name)
              ? requestedName
              : ".backup-staged."
                  + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                  + ".tmp";
      try {
        linkDescriptor(candidate);
        temporary = candidate;
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 16) {
          throw e;
        }
      }
    }
    try (Arena arena = Arena.ofConfined()) {
      LibcPaths.renameat(
          dir.fd(), Libc.cString(arena, temporary), dir.fd(), Libc.cString(arena, name));
    } catch (ErrnoException e) {
      unlinkIfOurs(temporary);
      throw e.toIOException(dir.pathOf(temporary), dir.pathOf(name));
    }
    // rename(2) does nothing when both names are links of one inode: the temporary may remain.
    unlinkIfOurs(temporary);
    named = true;
    Stat ours = file.stat();
    Stat there;
    try {
      there = dir.statAt(name);
    } catch (ErrnoException e) {
      throw e.toIOException(dir.pathOf(name));
    }
    if (!there.sameNode(ours)) {
      throw new FileSystemException(
          dir.pathOf(name),
          null,
          String.format(
              "is not the file just written there (%s, expected %s): another process replaced it"
                  + " right after the rename; check who can write %s",
              there.fileKey(), ours.fileKey(), dir.path()));
    }
    dropProvisionalName();
  }

  /** {@code linkat} of this descriptor to {@code name}, exclusively. */
  private void linkDescriptor(String name) throws IOException {
    linkDescriptor(dir, file, name);
  }

  /**
   * {@code linkat} of a descriptor to {@code name} in {@code dir}, exclusively: the name given is
   * that inode, whatever happened to any name meanwhile.
   */
  static void linkDescriptor(PosixArtifactDirectory dir, OpenFile file, String name)
      throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment target = Libc.cString(arena, name);
      try {
        LibcPaths.linkat(
            Libc.AT_FDCWD,
            arena.allocateFrom("/proc/self/fd/" + file.fd),
            dir.fd(),
            target,
            Libc.AT_SYMLINK_FOLLOW);
      } catch (ErrnoException e) {
        if (e.errno() != Libc.ENOENT) {
          throw e;
        }
        // No /proc: AT_EMPTY_PATH links the descriptor itself (needs CAP_DAC_READ_SEARCH).
        try {
          LibcPaths.linkat(file.fd, arena.allocateFrom(""), dir.fd(), target, Libc.AT_EMPTY_PATH);
        } catch (ErrnoException second) {
          throw e;
        }
      }
    } catch (ErrnoException e) {
      throw e.toIOException(dir.pathOf(name));
    }
  }

  /** Removes the provisional name, if it still is this file (another file there is left). */
  private void dropProvisionalName() throws IOException {
    if (provisional != null) {
      String name = provisional;
      provisional = null;
      unlinkIfOurs(name);
    }
  }

  private void unlinkIfOurs(String name) throws IOException {
    try (Arena arena = Arena.ofConfined()) {
      if (dir.statAt(name).sameNode(file.stat())) {
        LibcPaths.unlinkat(dir.fd(), Libc.cString(arena, name), 0);
      }
    } catch (ErrnoException e) {
      if (e.errno() != Libc.ENOENT) {
        throw e.toIOException(dir.pathOf(name));
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (!named) {
        dropProvisionalName(); // an unnamed O_TMPFILE inode goes away with its descriptor
      }
    } finally {
      file.close();
    }
  }
}
