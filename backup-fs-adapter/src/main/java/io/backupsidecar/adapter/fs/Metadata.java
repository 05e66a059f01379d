package io.backupsidecar.adapter.fs;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * Owner, group, permissions and mtime of a file, through the best view its backend has, by path and
 * never following a final symlink.
 *
 * <p>Where the backend lacks a view, what the view allows and no more: without a settable {@code
 * unix:mode} (Jimfs) only the rwx bits are applied and setuid, setgid and sticky are dropped;
 * without settable numeric owners (Jimfs's {@code unix} view is read-only) the owner is left as it
 * is, like a refused {@code chown}; without a {@code posix} view (basic-only backends) no mode is
 * applied.
 */
final class Metadata {

  private Metadata() {}

  /**
   * Changes owner and group where given and different; a refusal to an unprivileged process is
   * ignored.
   */
  static void changeOwner(Path file, Integer uid, Integer gid, Lstat current) throws IOException {
    Set<String> views = file.getFileSystem().supportedFileAttributeViews();
    if (views.contains("unix")) {
      // lchown(2): by path, without opening the file.
      changeNumeric(file, "unix:uid", uid, current.uid());
      changeNumeric(file, "unix:gid", gid, current.gid());
    } else if (views.contains("posix")) {
      changeByLookup(file, uid, gid);
    }
  }

  private static void changeNumeric(Path file, String attribute, Integer wanted, Integer now)
      throws IOException {
    if (wanted == null || wanted.equals(now)) {
      return;
    }
    try {
      Files.setAttribute(file, attribute, wanted, NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      // A unix view with read-only, synthetic ids (Jimfs): like an unprivileged process, the
      // store cannot give the file that owner, and the file keeps the one it has.
    } catch (FileSystemException e) {
      if (!isPermissionRefusal(e)) {
        throw e;
      }
    }
  }

  // Without numeric ids the backend's principals are looked up by the number as a name, the
  // convention of the default provider (which accepts numeric names).
  private static void changeByLookup(Path file, Integer uid, Integer gid) throws IOException {
    UserPrincipalLookupService lookup = file.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view =
        Files.getFileAttributeView(file, PosixFileAttributeView.class, NOFOLLOW_LINKS);
    try {
      if (uid != null) {
        var owner = lookup.lookupPrincipalByName(String.valueOf(uid));
        if (!owner.equals(view.getOwner())) {
          view.setOwner(owner);
        }
      }
      if (gid != null) {
        var group = lookup.lookupPrincipalByGroupName(String.valueOf(gid));
        if (!group.equals(view.readAttributes().group())) {
          view.setGroup(group);
        }
      }
    } catch (FileSystemException e) {
      if (!isPermissionRefusal(e)) {
        throw e;
      }
    }
  }

  /**
   * Sets the permission bits including setuid, setgid and sticky where the backend can (the JDK
   * opens the file {@code O_RDONLY|O_NOFOLLOW} and {@code fchmod}s it).
   */
  static void setPermissions(Path file, int permissions) throws IOException {
    Set<String> views = file.getFileSystem().supportedFileAttributeViews();
    if (views.contains("unix")) {
      try {
        Files.setAttribute(file, "unix:mode", permissions & 07777, NOFOLLOW_LINKS);
        return;
      } catch (UnsupportedOperationException | IllegalArgumentException e) {
        // Read-only unix view (Jimfs): fall through to the rwx bits.
      }
    }
    // A basic-only backend has no permissions to set: nothing to do there.
    if (views.contains("posix")) {
      Files.getFileAttributeView(file, PosixFileAttributeView.class, NOFOLLOW_LINKS)
          .setPermissions(Lstat.toPermissions(permissions));
    }
  }

  /** Sets the last-modified time, leaving the access time. */
  static void setMtime(Path file, Instant mtime) throws IOException {
    Files.getFileAttributeView(file, BasicFileAttributeView.class, NOFOLLOW_LINKS)
        .setTimes(FileTime.from(mtime), null, null);
  }

  /** Whether the failure is the OS refusing an unprivileged process (EPERM or EACCES). */
  static boolean isPermissionRefusal(FileSystemException e) {
    if (e instanceof AccessDeniedException) {
      return true;
    }
    String reason = e.getReason() == null ? "" : e.getReason().toLowerCase(Locale.ROOT);
    // EPERM has no NIO subtype: the JDK reports it as a plain FileSystemException whose
    // reason is the strerror text.
    return reason.contains("operation not permitted");
  }
}
