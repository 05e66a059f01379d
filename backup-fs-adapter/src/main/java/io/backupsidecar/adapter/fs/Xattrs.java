package io.backupsidecar.adapter.fs;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import io.backupsidecar.domain.model.ExtendedAttributes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Extended attributes as NIO sees them: the {@code user.*} namespace only (the JDK's {@link
 * UserDefinedFileAttributeView} reaches no other), named here with their full name ({@code
 * user.origin}) as in {@link ExtendedAttributes}. Tolerant of filesystems (tmpfs before Linux 6.6,
 * some mounts) that have none. The JDK reads and writes them through a descriptor it opens by path
 * ({@code O_RDONLY|O_NOFOLLOW}): callers check the kind of the file just before.
 */
final class Xattrs {

  /** The prefix of the one namespace NIO can reach. */
  static final String USER = "user.";

  private Xattrs() {}

  /** Every user xattr of {@code file}; none where the backend or the filesystem has none. */
  static ExtendedAttributes read(Path file) throws IOException {
    UserDefinedFileAttributeView view = view(file);
    if (view == null) {
      return ExtendedAttributes.none();
    }
    Map<String, byte[]> values = new TreeMap<>();
    try {
      for (String name : view.list()) {
        ByteBuffer value = ByteBuffer.allocate(view.size(name));
        view.read(name, value);
        byte[] bytes = new byte[value.flip().remaining()];
        value.get(bytes);
        values.put(USER + name, bytes);
      }
    } catch (UnsupportedOperationException e) {
      return ExtendedAttributes.none();
    } catch (FileSystemException e) {
      if (isUnsupported(e)) {
        return ExtendedAttributes.none();
      }
      throw e;
    }
    return ExtendedAttributes.of(values);
  }

  /**
   * Writes {@code xattrs} to {@code file}.
   *
   * @return the names that could not be written: every name outside {@code user.*}, and every one
   *     when the filesystem has no user xattrs
   */
  static List<String> write(Path file, ExtendedAttributes xattrs) throws IOException {
    List<String> notApplied = new ArrayList<>();
    UserDefinedFileAttributeView view = xattrs.isEmpty() ? null : view(file);
    for (Map.Entry<String, byte[]> e : xattrs.asMap().entrySet()) {
      String name = e.getKey();
      if (view == null || !name.startsWith(USER)) {
        notApplied.add(name);
        continue;
      }
      try {
        view.write(name.substring(USER.length()), ByteBuffer.wrap(e.getValue()));
      } catch (UnsupportedOperationException unsupported) {
        notApplied.add(name);
      } catch (FileSystemException failure) {
        if (!isUnsupported(failure)) {
          throw failure;
        }
        notApplied.add(name);
      }
    }
    return notApplied;
  }

  private static UserDefinedFileAttributeView view(Path file) {
    return Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, NOFOLLOW_LINKS);
  }

  /** Whether the failure is the filesystem saying it has no (user) extended attributes. */
  static boolean isUnsupported(FileSystemException e) {
    String reason = e.getReason() == null ? "" : e.getReason().toLowerCase(Locale.ROOT);
    // ENOTSUP/EOPNOTSUPP: the JDK puts only strerror text in the reason, no errno.
    return reason.contains("operation not supported") || reason.contains("not supported");
  }
}
