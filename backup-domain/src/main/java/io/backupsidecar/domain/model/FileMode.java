package io.backupsidecar.domain.model;

/**
 * A full POSIX {@code st_mode}: file type bits plus permission bits including setuid, setgid and
 * sticky. Written in sidecars as an octal string such as {@code "100644"}.
 */
public record FileMode(int bits) {
  /** File type: regular file. */
  public static final int S_IFREG = 0100000;

  /** File type: symbolic link. */
  public static final int S_IFLNK = 0120000;

  /** Mask of the file type bits. */
  public static final int S_IFMT = 0170000;

  /** Set-user-id bit. */
  public static final int S_ISUID = 04000;

  /** Set-group-id bit. */
  public static final int S_ISGID = 02000;

  /** Sticky bit. */
  public static final int S_ISVTX = 01000;

  /** Validates that the value fits in 16 bits. */
  public FileMode {
    if (bits < 0 || bits > 0177777) {
      throw new IllegalArgumentException(String.format("mode (%o) is not a valid st_mode", bits));
    }
  }

  /** A regular file with the given permission bits (0 to 07777). */
  public static FileMode regular(int permissions) {
    return new FileMode(S_IFREG | (permissions & 07777));
  }

  /**
   * Parses an octal mode as written in sidecars ({@code "100644"}); a mode with no file type bits
   * ({@code "644"}) is read as a regular file.
   */
  public static FileMode parseOctal(String text) {
    if (text == null || text.isEmpty() || text.length() > 7) {
      throw new IllegalArgumentException(String.format("mode (%s) is not an octal st_mode", text));
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '7') {
        throw new IllegalArgumentException(
            String.format("mode (%s) is not an octal st_mode", text));
      }
    }
    int value = Integer.parseInt(text, 8);
    return (value & S_IFMT) == 0 ? regular(value) : new FileMode(value);
  }

  /** The octal form written in sidecars, e.g. {@code "100644"}. */
  public String toOctal() {
    return Integer.toOctalString(bits);
  }

  /** The permission bits including setuid, setgid and sticky (0 to 07777). */
  public int permissions() {
    return bits & 07777;
  }

  /** Whether the file type bits say regular file. */
  public boolean isRegularFile() {
    return (bits & S_IFMT) == S_IFREG;
  }

  /** Whether group or others may write. */
  public boolean isGroupOrWorldWritable() {
    return (bits & 0022) != 0;
  }

  @Override
  public String toString() {
    return toOctal();
  }
}
