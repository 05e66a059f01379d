package io.backupsidecar.domain.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The tag of a family of snapshots (policy {@code backup_tag}): letters, digits, {@code _}
 * and {@code -}, no dots, so that backup names parse unambiguously.
 */
public record Tag(String value) {
  // declared before the constants below: they are built in textual order
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** The default tag. */
  public static final Tag DEFAULT = new Tag("backup");

  /** The tag switchyard uses by default, for reading its artifacts. */
  public static final Tag SWITCHYARD = new Tag("switchyard");

  /** Validates the tag; an invalid one is refused with a message naming it. */
  public Tag {
    Objects.requireNonNull(value, "tag");
    if (!VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(String.format(
          "tag (%s) must be 1 to 64 characters, only letters, digits, '_' and '-'", value));
    }
  }

  /** Parses a tag, turning an invalid one into {@link ErrorId#E_POLICY}. */
  public static Tag parse(String value) throws BackupException {
    try {
      return new Tag(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new BackupException(ErrorId.E_POLICY, null, e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
