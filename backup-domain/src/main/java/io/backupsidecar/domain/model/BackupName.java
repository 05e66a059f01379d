package io.backupsidecar.domain.model;

import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;

/**
 * The name of one snapshot of one target: {@code .<target>.<tag>.<millis>}, the one place where
 * artifact names are formatted and parsed.
 *
 * <p>For target {@code name}, tag {@code T} and stamp {@code 1700000000000} the artifacts are
 *
 * <pre>
 *   .name.T.1700000000000.bak                  payload
 *   .name.T.1700000000000.bak.meta.json        sidecar (the commit record)
 *   .name.T.1700000000000.bak.meta.json.tmp    sidecar being written
 *   .name.T.1700000000000.restore.tmp          staging file of a restore
 * </pre>
 *
 * The stamp is the last dotted segment before the suffix and follows one rule, {@link #parseStamp}:
 * 1 to 19 decimal digits without a leading zero, at most {@link Long#MAX_VALUE}. Every stamp this
 * type formats fits it, so the tool never writes a stamp it cannot parse. A name is parsed against
 * a known target and tag ({@link #parse(String, String, Tag)}), which reads any tag switchyard
 * writes (dots, spaces, non-ASCII, empty); {@link #parse(String)} alone assumes a tag without dots,
 * as every {@linkplain Tag#isWritable() writable} tag is.
 *
 * <p>Longer than most types on purpose: formatting, parsing, the stamp rule and the file-name rule
 * are one naming scheme, and splitting them would give that scheme two homes; that includes the
 * reading of a directory's names in place ({@link #roleOf}, {@link #stampOf}), which a listing of
 * 10,000 snapshots runs on every name.
 */
public record BackupName(String targetName, Tag tag, long stamp) {
  /** The longest file name, in bytes, that the supported filesystems accept (Linux). */
  public static final int NAME_MAX_BYTES = 255;

  /**
   * How far past the clock a stamp may be and still be believed as "newest" (for latest, previous,
   * retention and the next stamp): clocks of hosts sharing a directory drift, and a burst of
   * snapshots bumps stamps ahead, but a stamp a day ahead is a wrong clock or a plant.
   */
  public static final long FUTURE_TOLERANCE_MILLIS = 24L * 60 * 60 * 1000;

  /** Validates the parts and that every artifact name fits {@link #NAME_MAX_BYTES}. */
  public BackupName {
    Objects.requireNonNull(targetName, "targetName");
    Objects.requireNonNull(tag, "tag");
    if (!isFileName(targetName)) {
      throw new IllegalArgumentException(
          String.format("target name (%s) is not a single file name", targetName));
    }
    if (targetName.indexOf('\uFFFD') >= 0) {
      throw new IllegalArgumentException(
          String.format(
              "target name (%s) is not valid UTF-8, so its backup name cannot be spelled exactly",
              targetName));
    }
    if (stamp < 0) {
      throw new IllegalArgumentException(String.format("stamp (%d) must not be negative", stamp));
    }
    int longest = longestArtifactBytes(targetName, tag, stamp);
    if (longest > NAME_MAX_BYTES) {
      throw new IllegalArgumentException(
          String.format(
              "target name (%s) is too long: its backup names would be %d bytes, over the %d-byte "
                  + "limit of a file name",
              targetName, longest, NAME_MAX_BYTES));
    }
  }

  /**
   * The one rule for "this is one file name", a single path segment: not empty, not {@code .} or
   * {@code ..}, without {@code /} or NUL. Target names, sidecars' {@code target_name} and every
   * name an artifact store is given follow it.
   */
  public static boolean isFileName(String name) {
    return !name.isEmpty()
        && !name.equals(".")
        && !name.equals("..")
        && name.indexOf('/') < 0
        && name.indexOf('\0') < 0;
  }

  /**
   * Makes the name of a new snapshot, turning a name that cannot be formed (too long, not a file
   * name, a tag that may be read but not written) into {@link ErrorId#E_POLICY}.
   */
  public static BackupName of(String targetName, Tag tag, long stamp) throws BackupException {
    tag.requireWritable();
    try {
      return new BackupName(targetName, tag, stamp);
    } catch (IllegalArgumentException e) {
      throw new BackupException(ErrorId.E_POLICY, null, e.getMessage(), e);
    }
  }

  /**
   * Makes the name of a transient artifact (a restore's staging file) with any tag that can be
   * read, turning a name that cannot be formed into {@link ErrorId#E_POLICY}: a restore of a
   * switchyard snapshot whose tag has dots stages beside the target under that tag.
   */
  public static BackupName ofAnyTag(String targetName, Tag tag, long stamp) throws BackupException {
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
   * Parses a file name into the artifact it names, or empty when it is not one of ours (an
   * unrelated dotfile, another tool's file, a stamp that does not fit {@link #parseStamp}). Without
   * a known tag, the tag is taken to be the segment before the stamp: right for every writable tag;
   * a dotted tag needs {@link #parse(String, String, Tag)}.
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
      long stamp = parseStamp(core.substring(stampDot + 1));
      if (stamp < 0) {
        return Optional.empty();
      }
      try {
        BackupName name =
            new BackupName(
                core.substring(0, tagDot), new Tag(core.substring(tagDot + 1, stampDot)), stamp);
        return Optional.of(new ArtifactName(name, role));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * Parses a file name as an artifact of one target and tag: {@code .<target>.<tag>.<stamp>} and a
   * role's suffix. Any tag that can be read works, dots included, since the target and tag are
   * known and the stamp is the last dotted segment. Empty when the name is not such an artifact, or
   * when its stamp does not fit {@link #parseStamp} (see {@link #hasUnfitStamp}).
   */
  public static Optional<ArtifactName> parse(String fileName, String targetName, Tag tag) {
    int prefixLength = prefixLength(fileName, targetName, tag);
    ArtifactRole role = prefixLength < 0 ? null : roleOf(fileName, prefixLength);
    long stamp = role == null ? -1 : stampOf(fileName, prefixLength, role);
    if (stamp < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ArtifactName(new BackupName(targetName, tag, stamp), role));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether a file name has the form of an artifact of this target and tag whose stamp is digits
   * that do not fit {@link #parseStamp} (a leading zero, more than 19 digits, beyond {@link
   * Long#MAX_VALUE}): such a name is reported and never acted on (switchyard itself cannot act on
   * it either: it rebuilds the name from the number, without the zeros).
   */
  public static boolean hasUnfitStamp(String fileName, String targetName, Tag tag) {
    int prefixLength = prefixLength(fileName, targetName, tag);
    ArtifactRole role = prefixLength < 0 ? null : roleOf(fileName, prefixLength);
    return role != null && stampOf(fileName, prefixLength, role) == UNFIT_STAMP;
  }

  /**
   * The one stamp rule: 1 to 19 decimal digits, no leading zero (except {@code 0} itself), at most
   * {@link Long#MAX_VALUE}. Returns the stamp, or -1 when the text does not fit.
   */
  public static long parseStamp(String text) {
    return Math.max(-1, digitsStamp(text, 0, text.length()));
  }

  /**
   * Whether a stamp may be believed as "newest" at {@code nowMillis}: not beyond now plus {@link
   * #FUTURE_TOLERANCE_MILLIS}.
   */
  public static boolean isBelievable(long stamp, long nowMillis) {
    return stamp <= nowMillis || stamp - nowMillis <= FUTURE_TOLERANCE_MILLIS;
  }

  /** {@link ArtifactRole#LONGEST_SUFFIX_FIRST}, as an array: read for every name of a listing. */
  private static final ArtifactRole[] LONGEST_SUFFIX_FIRST =
      ArtifactRole.LONGEST_SUFFIX_FIRST.toArray(new ArtifactRole[0]);

  /** What {@link #stampOf} returns for digits that do not fit the stamp rule. */
  static final long UNFIT_STAMP = -2;

  /** The common start of every artifact name of a target and tag: {@code .<target>.<tag>.}. */
  static String prefix(String targetName, Tag tag) {
    return "." + targetName + "." + tag.value() + ".";
  }

  /** {@link #prefix}'s length when {@code fileName} starts with it and is longer, else -1. */
  private static int prefixLength(String fileName, String targetName, Tag tag) {
    int prefixLength = 3 + targetName.length() + tag.value().length();
    return fileName.length() > prefixLength
            && fileName.charAt(0) == '.'
            && fileName.startsWith(targetName, 1)
            && fileName.charAt(1 + targetName.length()) == '.'
            && fileName.startsWith(tag.value(), 2 + targetName.length())
            && fileName.charAt(prefixLength - 1) == '.'
        ? prefixLength
        : -1;
  }

  /**
   * The role of a name that starts with a {@link #prefix} of {@code prefixLength} chars: the
   * longest suffix it ends with that leaves the prefix whole, or {@code null}. The text between
   * prefix and suffix is the stamp ({@link #stampOf}).
   */
  static ArtifactRole roleOf(String fileName, int prefixLength) {
    for (ArtifactRole role : LONGEST_SUFFIX_FIRST) {
      if (fileName.endsWith(role.suffix())
          && fileName.length() - role.suffix().length() >= prefixLength) {
        return role;
      }
    }
    return null;
  }

  /**
   * The stamp between a prefix of {@code prefixLength} chars and {@code role}'s suffix, read in
   * place (a listing reads every name of a directory): the stamp, {@link #UNFIT_STAMP} for digits
   * that do not fit {@link #parseStamp}, or -1 for anything else (empty, not all digits).
   */
  static long stampOf(String fileName, int prefixLength, ArtifactRole role) {
    return digitsStamp(fileName, prefixLength, fileName.length() - role.suffix().length());
  }

  /** The stamp rule over {@code text[from, to)}: the stamp, {@link #UNFIT_STAMP} or -1. */
  private static long digitsStamp(String text, int from, int to) {
    int n = to - from;
    if (n <= 0) {
      return -1;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      int digit = text.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit; // wraps beyond 19 digits: those never fit
    }
    // 19 digits are below 2^64: a value past Long.MAX_VALUE wrapped to a negative one
    boolean fits = n <= 19 && (n == 1 || text.charAt(from) != '0') && value >= 0;
    return fits ? value : UNFIT_STAMP;
  }

  /**
   * The newest stamp among the artifacts (of any role) of one target and tag in a directory's
   * names, or -1 when there is none. Equivalent to parsing every name, but reads only the stamp
   * digits of names with the right prefix, allocating nothing: a snapshot (and a restore's capture)
   * calls this on every directory it writes to, and such a directory may hold thousands of
   * snapshots of the same target.
   */
  public static long newestStamp(Iterable<String> directoryNames, String targetName, Tag tag) {
    return newestStamp(directoryNames, targetName, tag, Long.MAX_VALUE);
  }

  /**
   * As {@link #newestStamp(Iterable, String, Tag)}, ignoring stamps above {@code ceiling} (pass now
   * plus {@link #FUTURE_TOLERANCE_MILLIS}: a stamp beyond it is not believed).
   */
  public static long newestStamp(
      Iterable<String> directoryNames, String targetName, Tag tag, long ceiling) {
    String prefix = prefix(targetName, tag);
    Iterator<String> names = directoryNames.iterator();
    long newest = -1;
    while (names.hasNext()) {
      newest = newestStamp(names, prefix, ceiling, newest);
    }
    return newest;
  }

  /**
   * The next 64 names' part of {@link #newestStamp(Iterable, String, Tag, long)}: a method called
   * for each chunk is compiled, where one loop over 30,000 names would run in the interpreter (see
   * {@link SnapshotListing#of}).
   */
  private static long newestStamp(
      Iterator<String> names, String prefix, long ceiling, long newest) {
    for (int n = 0; n < 64 && names.hasNext(); n++) {
      String name = names.next();
      ArtifactRole role = name.startsWith(prefix) ? roleOf(name, prefix.length()) : null;
      long stamp = role == null ? -1 : stampOf(name, prefix.length(), role);
      if (stamp > newest && stamp <= ceiling) {
        newest = stamp;
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
    return 3
        + utf8Length(targetName)
        + utf8Length(tag.value())
        + digits(stamp)
        + LONGEST_SUFFIX_FIRST[0].suffix().length();
  }

  /** {@code s.getBytes(UTF_8).length}, without the bytes (a lone surrogate is one byte: '?'). */
  private static int utf8Length(String s) {
    int bytes = s.length();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        if (Character.isHighSurrogate(c)
            && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          bytes += 2; // 4 bytes for the pair's 2 chars
          i++;
        } else if (!Character.isSurrogate(c)) { // an unpaired one is encoded as '?'
          bytes += c < 0x800 ? 1 : 2;
        }
      }
    }
    return bytes;
  }

  private static int digits(long stamp) {
    int n = 1;
    for (long power = 10; n < 19 && stamp >= power; power *= 10) {
      n++;
    }
    return n;
  }
}
