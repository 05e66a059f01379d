package io.backupsidecar.app.cli;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.FileMode;
import io.backupsidecar.domain.model.Sidecar;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The metadata side of {@code backup diff}: the target as it is now, against the sidecar. */
final class DiffMetadata {
  private DiffMetadata() {}

  /** The target now, read without following it. */
  record Current(String kind, String linkDestination, int mode, int uid, int gid, Instant mtime) {
    static Current of(Path target) throws BackupException {
      try {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          return new Current("none", null, 0, 0, 0, null);
        }
        if (Files.isSymbolicLink(target)) {
          return new Current("symlink", Files.readSymbolicLink(target).toString(), 0, 0, 0, null);
        }
        if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
          return new Current("other", null, 0, 0, 0, null);
        }
        Map<String, Object> a =
            Files.readAttributes(
                target, "unix:mode,uid,gid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        return new Current(
            "file",
            null,
            (Integer) a.get("mode"),
            (Integer) a.get("uid"),
            (Integer) a.get("gid"),
            ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toInstant());
      } catch (IOException e) {
        throw new BackupException(
            ErrorId.E_GENERIC,
            target,
            Errors.inWords(String.format("cannot inspect %s: %s", target, e)),
            e);
      }
    }
  }

  static void compareMetadata(
      Sidecar.PriorFile f, Current now, List<DiffCommand.Difference> differences) {
    if (f.mode().bits() != now.mode) {
      differences.add(
          new DiffCommand.Difference("mode", f.mode().toOctal(), new FileMode(now.mode).toOctal()));
    }
    if (f.uid() != null && f.uid() != now.uid) {
      differences.add(
          new DiffCommand.Difference("uid", f.uid().toString(), Integer.toString(now.uid)));
    }
    if (f.gid() != null && f.gid() != now.gid) {
      differences.add(
          new DiffCommand.Difference("gid", f.gid().toString(), Integer.toString(now.gid)));
    }
    if (f.mtime() != null
        && !f.mtime()
            .truncatedTo(ChronoUnit.MILLIS)
            .equals(now.mtime.truncatedTo(ChronoUnit.MILLIS))) {
      differences.add(
          new DiffCommand.Difference("mtime", f.mtime().toString(), now.mtime.toString()));
    }
  }

  /** The user xattrs kept on the payload against the target's (names and values). */
  static void compareXattrs(Path payload, Path target, List<DiffCommand.Difference> differences) {
    Map<String, String> then = userXattrs(payload);
    Map<String, String> current = userXattrs(target);
    if (then != null && current != null && !then.equals(current)) {
      differences.add(
          new DiffCommand.Difference(
              "xattrs", String.join(",", then.keySet()), String.join(",", current.keySet())));
    }
  }

  private static Map<String, String> userXattrs(Path p) {
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(
            p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return null;
    }
    try {
      Map<String, String> values = new TreeMap<>();
      for (String name : view.list()) {
        ByteBuffer value = ByteBuffer.allocate(view.size(name));
        view.read(name, value);
        values.put("user." + name, java.util.HexFormat.of().formatHex(value.array()));
      }
      return values;
    } catch (IOException | UnsupportedOperationException e) {
      return null; // a filesystem without user xattrs: nothing to compare
    }
  }
}
