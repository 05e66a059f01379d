package io.backupsidecar.app.reliability;

import java.io.IOException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * A basic, owner or posix attribute view of a {@link FaultyFileSystem}: setting times, permissions,
 * owner or group is an operation (logged, can fail); reading is a stat.
 */
final class FaultyAttributeView implements PosixFileAttributeView {
  private final FaultyFileSystem fs;
  private final Path path;
  private final FileAttributeView inner;
  private final LinkOption[] options;

  FaultyAttributeView(
      FaultyFileSystem fs, Path path, FileAttributeView inner, LinkOption... options) {
    this.fs = fs;
    this.path = path;
    this.inner = inner;
    this.options = options.clone();
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public PosixFileAttributes readAttributes() throws IOException {
    int index = fs.enter(Op.Kind.STAT, path, null, -1);
    try {
      PosixFileAttributes result =
          inner instanceof PosixFileAttributeView p
              ? p.readAttributes()
              : path.getFileSystem()
                  .provider()
                  .readAttributes(path, PosixFileAttributes.class, options);
      fs.done(index, Op.Kind.STAT, path, null, -1, -1, null, -1, null, null);
      return result;
    } catch (IOException | RuntimeException e) {
      fs.failed(index, Op.Kind.STAT, path, null, -1);
      throw e;
    }
  }

  @Override
  public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime)
      throws IOException {
    change(
        Op.Kind.SET_TIMES,
        () ->
            ((BasicFileAttributeView) inner).setTimes(lastModifiedTime, lastAccessTime, createTime),
        lastModifiedTime == null ? null : lastModifiedTime.toInstant());
  }

  @Override
  public void setPermissions(Set<PosixFilePermission> perms) throws IOException {
    change(Op.Kind.SET_MODE, () -> ((PosixFileAttributeView) inner).setPermissions(perms), null);
  }

  @Override
  public void setGroup(GroupPrincipal group) throws IOException {
    change(Op.Kind.SET_OTHER, () -> ((PosixFileAttributeView) inner).setGroup(group), null);
  }

  @Override
  public UserPrincipal getOwner() throws IOException {
    return ((FileOwnerAttributeView) inner).getOwner();
  }

  @Override
  public void setOwner(UserPrincipal owner) throws IOException {
    change(Op.Kind.SET_OTHER, () -> ((FileOwnerAttributeView) inner).setOwner(owner), null);
  }

  private interface Change {
    void run() throws IOException;
  }

  private void change(Op.Kind kind, Change change, java.time.Instant mtime) throws IOException {
    int index = fs.enter(kind, path, null, -1);
    int inode;
    try {
      inode = fs.inodeForLog(path);
      change.run();
    } catch (IOException | RuntimeException e) {
      fs.failed(index, kind, path, null, -1);
      throw e;
    }
    fs.done(
        index,
        kind,
        path,
        null,
        inode,
        -1,
        null,
        kind == Op.Kind.SET_MODE && fs.logging() ? FaultyProvider.permissions(path) : -1,
        mtime,
        null);
  }
}
