package io.backupsidecar.app.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * Writes artifacts exactly as switchyard writes them and leaves them, from the facts of issue 12
 * (switchyard's {@code src/fs/backup/*.rs} and {@code src/fs/restore/*.rs}), independently of this
 * project's codec: the sidecar bytes are spelled out here.
 *
 * <ul>
 *   <li>{@code create_snapshot}: payload {@code .<name>.<tag>.<millis>.bak} (a copy with the
 *       target's permissions; a symlink to the same destination; an empty tombstone) and the
 *       sidecar beside it, {@code serde_json} pretty (two spaces), fields {@code schema,
 *       prior_kind, prior_dest?, mode?, payload_hash?}, no trailing newline, {@code backup_meta.v2}
 *       only for a hashed file, {@code backup_meta.v1} otherwise, created with the umask's
 *       permissions (0644, or 0664 under umask 002).
 *   <li>{@code restore}: consumes the payload. A file's payload is renamed over the target and
 *       given the recorded mode; a symlink is rebuilt from {@code prior_dest} and its payload
 *       deleted; for none the target is unlinked and the tombstone deleted. The sidecar stays.
 * </ul>
 */
final class SwitchyardWrites {
  /** Permissions of a sidecar created under umask 022. */
  static final Set<PosixFilePermission> UMASK_022 = PosixFilePermissions.fromString("rw-r--r--");

  /** Permissions of a sidecar created under umask 002 (group-writable: not trusted here). */
  static final Set<PosixFilePermission> UMASK_002 = PosixFilePermissions.fromString("rw-rw-r--");

  private final String tag;
  private final Set<PosixFilePermission> sidecarPermissions;

  SwitchyardWrites(String tag, Set<PosixFilePermission> sidecarPermissions) {
    this.tag = tag;
    this.sidecarPermissions = sidecarPermissions;
  }

  SwitchyardWrites(String tag) {
    this(tag, UMASK_022);
  }

  /** The sidecar switchyard writes for a hashed regular file. */
  static String fileSidecar(String octalMode, String sha256) {
    return "{\n  \"schema\": \"backup_meta.v2\",\n  \"prior_kind\": \"file\",\n  \"mode\": \""
        + octalMode
        + "\",\n  \"payload_hash\": \""
        + sha256
        + "\"\n}";
  }

  /** The sidecar switchyard writes for a regular file it could not hash. */
  static String unhashedFileSidecar(String octalMode) {
    return "{\n  \"schema\": \"backup_meta.v1\",\n  \"prior_kind\": \"file\",\n  \"mode\": \""
        + octalMode
        + "\"\n}";
  }

  /** The sidecar switchyard writes for a symlink (serde_json escapes '"' and '\'). */
  static String symlinkSidecar(String destination) {
    return "{\n  \"schema\": \"backup_meta.v1\",\n  \"prior_kind\": \"symlink\",\n"
        + "  \"prior_dest\": \""
        + destination.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\"\n}";
  }

  /** The sidecar switchyard writes for an absent target. */
  static String noneSidecar() {
    return "{\n  \"schema\": \"backup_meta.v1\",\n  \"prior_kind\": \"none\"\n}";
  }

  Path payload(Path target, long stamp) {
    return target.resolveSibling("." + target.getFileName() + "." + tag + "." + stamp + ".bak");
  }

  Path sidecar(Path target, long stamp) {
    return target.resolveSibling(payload(target, stamp).getFileName() + ".meta.json");
  }

  /** switchyard's {@code create_snapshot} of whatever the target is now. */
  void snapshot(Path target, long stamp) throws IOException {
    Path payload = payload(target, stamp);
    String sidecar;
    if (Files.isSymbolicLink(target)) {
      String dest = Files.readSymbolicLink(target).toString();
      Files.createSymbolicLink(payload, target.getFileSystem().getPath(dest));
      sidecar = symlinkSidecar(dest);
    } else if (Files.exists(target, NOFOLLOW_LINKS)) {
      Files.copy(target, payload);
      int mode = (Integer) Files.getAttribute(target, "unix:mode", NOFOLLOW_LINKS);
      Files.setAttribute(payload, "unix:mode", mode & 07777);
      sidecar = fileSidecar(Integer.toOctalString(mode), sha256(Files.readAllBytes(payload)));
    } else {
      Files.createFile(payload);
      sidecar = noneSidecar();
    }
    writeSidecar(target, stamp, sidecar);
  }

  /** Writes a sidecar's bytes as switchyard creates the file (umask permissions). */
  void writeSidecar(Path target, long stamp, String text) throws IOException {
    Path path = sidecar(target, stamp);
    Files.write(path, text.getBytes(UTF_8));
    Files.setPosixFilePermissions(path, sidecarPermissions);
  }

  /** switchyard's restore of the snapshot at {@code stamp}: consumes its payload. */
  void restore(Path target, long stamp) throws IOException {
    Path payload = payload(target, stamp);
    String sidecar = Files.readString(sidecar(target, stamp), UTF_8);
    if (sidecar.contains("\"prior_kind\": \"file\"")) {
      String mode = sidecar.replaceAll("(?s).*\"mode\": \"([0-7]+)\".*", "$1");
      Files.deleteIfExists(target);
      Files.move(payload, target);
      Files.setAttribute(target, "unix:mode", Integer.parseInt(mode, 8) & 07777);
    } else if (sidecar.contains("\"prior_kind\": \"symlink\"")) {
      String dest = Files.readSymbolicLink(payload).toString();
      Files.deleteIfExists(target);
      Files.createSymbolicLink(target, target.getFileSystem().getPath(dest));
      Files.delete(payload);
    } else {
      Files.deleteIfExists(target);
      Files.delete(payload);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
