package io.backupsidecar.domain.model;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The name of one snapshot of one target: {@code .<target>.<tag>.<millis>}, the one place
 * where artifact names are formatted and parsed.
 *
 * <p>For target {@code name}, tag {@code T} and stamp {@code 1700000000000} the artifacts are
 * <pre>
 *   .name.T.1700000000000.bak                  payload
 *   .name.T.1700000000000.bak.meta.json        sidecar (the commit record)
 *   .name.T.1700000000000.bak.meta.json.tmp    sidecar being written
 *   .name.T.1700000000000.restore.tmp          staging file of a restore
 * </pre>
 * The tag has no dots and the stamp is digits, so a name parses from the right even when the
 * target name itself contains dots.
 */
public record BackupName(String targetName, Tag tag, long stamp) {
  /** The longest file name, in bytes, that the supported filesystems accept (Linux). */
  public static final int NAME_MAX_BYTES = 255;

  /** Validates the parts and that every artifact name fits {@link #NAME_MAX_BYTES}. */
  public BackupName {
    Objects.requireNonNull(targetName, "targetName");
    Objects.requireNonNull(tag, "tag");
    if (targetName.isEmpty() || targetName.equals(".") || targetName.equals("..")
        || targetName.indexOf('/') >= 0 || targetName.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          String.format("target name (%s) is not a single file name", targetName));
    }
    if (targetName.indexOf('\uFFFD') >= 0) {
      throw new IllegalArgumentException(String.format(
          "target name (%s) is not valid UTF-8, so its backup name cannot be spelled exactly",
          targetName));
    }
    if (stamp < 0) {
      throw new IllegalArgumentException(String.format("stamp (%d) must not be negative", stamp));
    }
    int longest = longestArtifactBytes(targetName, tag, stamp);
    if (longest > NAME_MAX_BYTES) {
      throw new IllegalArgumentException(String.format(
          "target name (%s) is too long: its backup names would be %d bytes, over the %d-byte "
              + "limit of a file name", targetName, longest, NAME_MAX_BYTES));
    }
  }

  /**
   * Makes the name of a new snapshot, turning a name that cannot be formed (too long, not a
   * file name) into {@link ErrorId#E_POLICY}.
   */
  public static BackupName of(String targetName, Tag tag, long stamp) throws BackupException {
    try {
      return new BackupName(targetName, tag, stamp);
    } catch (IllegalArgumentException e) {
      throw new BackupException(ErrorId.E_POLICY, null, e.getMessage(), e);
    }
  }

  /** The payload's file name: {@code .<target>.<tag>.<millis>.bak}. */
  public String payloadFileName() {
    return fileName(ArtifactRole.PAYLOAD);
  }

  /** The sidecar's file name: the payload's plus {@code .meta.json}. */
  public String sidecarFileName() {
    return fileName(ArtifactRole.SIDECAR);
  }

  /** The file name of this name's artifact of the given role. */
  public String fileName(ArtifactRole role) {
    return stem() + role.suffix();
  }

  /** The same target and tag at another stamp (used to bump on a collision). */
  public BackupName withStamp(long newStamp) {
    return new BackupName(targetName, tag, newStamp);
  }

  /** Whether this name belongs to the given target name and tag. */
  public boolean belongsTo(String otherTargetName, Tag otherTag) {
    return targetName.equals(otherTargetName) && tag.equals(otherTag);
  }

  /**
   * Parses a file name into the artifact it names, or empty when it is not one of ours
   * (an unrelated dotfile, another tool's file).
   */
  public static Optional<ArtifactName> parse(String fileName) {
    if (fileName == null || fileName.length() < 2 || fileName.charAt(0) != '.') {
      return Optional.empty();
    }
    for (ArtifactRole role : ArtifactRole.LONGEST_SUFFIX_FIRST) {
      if (!fileName.endsWith(role.suffix())) {
        continue;
      }
      String core = fileName.substring(1, fileName.length() - role.suffix().length());
      int stampDot = core.lastIndexOf('.');
      if (stampDot <= 0) {
        return Optional.empty();
      }
      int tagDot = core.lastIndexOf('.', stampDot - 1);
      if (tagDot <= 0) {
        return Optional.empty();
      }
      String stampText = core.substring(stampDot + 1);
      if (stampText.isEmpty() || stampText.length() > 18 || !isDigits(stampText)) {
        return Optional.empty();
      }
      try {
        BackupName name = new BackupName(core.substring(0, tagDot),
            new Tag(core.substring(tagDot + 1, stampDot)), Long.parseLong(stampText));
        return Optional.of(new ArtifactName(name, role));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * The newest stamp among the artifacts (of any role) of one target and tag in a directory's
   * names, or -1 when there is none. Equivalent to parsing every name, but scans only the
   * stamp digits of names with the right prefix: a snapshot calls this on every directory it
   * writes to, and such a directory may hold thousands of snapshots of the same target.
   */
  public static long newestStamp(Iterable<String> directoryNames, String targetName, Tag tag) {
    String prefix = "." + targetName + "." + tag.value() + ".";
    long newest = -1;
    for (String name : directoryNames) {
      if (!name.startsWith(prefix)) {
        continue;
      }
      int end = prefix.length();
      long stamp = 0;
      while (end < name.length() && end - prefix.length() < 19
          && name.charAt(end) >= '0' && name.charAt(end) <= '9') {
        stamp = stamp * 10 + (name.charAt(end) - '0');
        end++;
      }
      if (end == prefix.length() || end - prefix.length() > 18 || stamp <= newest) {
        continue;
      }
      String rest = name.substring(end);
      for (ArtifactRole role : ArtifactRole.values()) {
        if (rest.equals(role.suffix())) {
          newest = stamp;
          break;
        }
      }
    }
    return newest;
  }

  @Override
  public String toString() {
    return payloadFileName();
  }

  private String stem() {
    return "." + targetName + "." + tag.value() + "." + stamp;
  }

  private static int longestArtifactBytes(String targetName, Tag tag, long stamp) {
    int longestSuffix = 0;
    for (ArtifactRole role : ArtifactRole.values()) {
      longestSuffix = Math.max(longestSuffix, role.suffix().length());
    }
    return 3 + targetName.getBytes(StandardCharsets.UTF_8).length + tag.value().length()
        + Long.toString(stamp).length() + longestSuffix;
  }

  private static boolean isDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
