package io.backupsidecar.adapter.fs;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import io.backupsidecar.domain.model.UnsafeDirectoryException;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Like sshd's StrictModes: a process running as root through NIO, which acts by name and so cannot
 * keep another user from swapping a name between two of its calls, refuses a directory that another
 * user can write: group- or world-writable (sticky or not), or owned by a user other than root and
 * the caller. Only the platform filesystem ({@code file} scheme) is checked: the owners of other
 * providers (Jimfs's synthetic ids) are not the process's.
 */
final class StrictModes {

  private static final StrictModes OFF = new StrictModes(fs -> OptionalInt.empty());

  private final Function<FileSystem, OptionalInt> effectiveUid;

  private StrictModes(Function<FileSystem, OptionalInt> effectiveUid) {
    this.effectiveUid = effectiveUid;
  }

  /** Checks as the process's effective uid, read once (at the first check). */
  static StrictModes enforced() {
    return new StrictModes(
        new Function<>() {
          private volatile OptionalInt uid;

          @Override
          public OptionalInt apply(FileSystem platform) {
            OptionalInt known = uid;
            if (known == null) {
              known = ProcessUid.effective(platform);
              uid = known;
            }
            return known;
          }
        });
  }

  /** Checks nothing: the caller accepts directories other users can write. */
  static StrictModes off() {
    return OFF;
  }

  /** Checks as if the process ran as {@code uid} (tests). */
  static StrictModes asUid(int uid) {
    return new StrictModes(fs -> OptionalInt.of(uid));
  }

  /**
   * Refuses {@code directory} (resolved, held with file key {@code heldKey}) if the process is root
   * and another user can write it.
   *
   * @throws UnsafeDirectoryException naming the directory and the reason
   */
  void check(Path directory, Object heldKey) throws IOException {
    FileSystem fs = directory.getFileSystem();
    if (this == OFF
        || !"file".equals(fs.provider().getScheme())
        || !fs.supportedFileAttributeViews().contains("unix")) {
      return;
    }
    OptionalInt uid = effectiveUid.apply(fs);
    if (uid.isEmpty() || uid.getAsInt() != 0) {
      return;
    }
    Map<String, Object> attrs =
        Files.readAttributes(directory, "unix:uid,mode,fileKey", NOFOLLOW_LINKS);
    if (heldKey != null && !heldKey.equals(attrs.get("fileKey"))) {
      throw new FileSystemException(
          directory.toString(),
          null,
          "was replaced by another directory while it was opened; try again");
    }
    int owner = (Integer) attrs.get("uid");
    int mode = (Integer) attrs.get("mode");
    String reason = null;
    if ((mode & 0020) != 0) {
      reason = "its group can write it (mode " + Integer.toOctalString(mode & 07777) + ")";
    } else if ((mode & 0002) != 0) {
      reason = "every user can write it (mode " + Integer.toOctalString(mode & 07777) + ")";
    } else if (owner != 0 && owner != uid.getAsInt()) {
      reason = "it is owned by uid " + owner + ", who could swap names in it";
    }
    if (reason != null) {
      throw new UnsafeDirectoryException(
          directory.toString(),
          "refusing to act as root in a"
              + " directory another user can write: "
              + reason
              + "; without a JDK 22+ (which acts"
              + " by file descriptor) make it writable by root only, or allow shared directories"
              + " explicitly (NioArtifactStore.allowingSharedDirectories())");
    }
  }
}
