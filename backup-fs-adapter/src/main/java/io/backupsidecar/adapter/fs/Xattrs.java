package io.backupsidecar.adapter.fs;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.Locale;

/** User extended attributes, tolerant of filesystems (tmpfs, some mounts) that have none. */
final class Xattrs {

  private Xattrs() {}

  /**
   * Copies every user xattr of {@code source} to {@code destination}; does nothing where either
   * side's filesystem does not support them.
   */
  static void copy(Path source, Path destination) throws IOException {
    UserDefinedFileAttributeView from =
        Files.getFileAttributeView(source, UserDefinedFileAttributeView.class, NOFOLLOW_LINKS);
    UserDefinedFileAttributeView to =
        Files.getFileAttributeView(
            destination, UserDefinedFileAttributeView.class, NOFOLLOW_LINKS);
    if (from == null || to == null) {
      return;
    }
    List<String> names;
    try {
      names = from.list();
    } catch (FileSystemException e) {
      if (isUnsupported(e)) {
        return;
      }
      throw e;
    }
    for (String name : names) {
      ByteBuffer value = ByteBuffer.allocate(from.size(name));
      from.read(name, value);
      value.flip();
      try {
        to.write(name, value);
      } catch (FileSystemException e) {
        // A destination without user xattrs cannot hold them; the copy is still the bytes the
        // hash covers, so it goes on without them rather than failing the snapshot.
        if (!isUnsupported(e)) {
          throw e;
        }
        return;
      }
    }
  }

  /** Whether the failure is the filesystem saying it has no (user) extended attributes. */
  static boolean isUnsupported(FileSystemException e) {
    String reason = e.getReason() == null ? "" : e.getReason().toLowerCase(Locale.ROOT);
    // ENOTSUP/EOPNOTSUPP: the JDK puts only strerror text in the reason, no errno.
    return reason.contains("operation not supported") || reason.contains("not supported");
  }
}
