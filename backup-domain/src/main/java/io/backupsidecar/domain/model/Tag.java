package io.backupsidecar.domain.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The tag of a family of snapshots (policy {@code backup_tag}).
 *
 * <p>Any tag switchyard can write can be read: dots, spaces, non-ASCII and the empty tag (names
 * {@code .name..<stamp>.bak}) included, since a name is always parsed against a known target and
 * tag and its stamp is the last dotted segment before {@code .bak}. Only a {@linkplain
 * #isWritable() writable} tag (letters, digits, {@code _} and {@code -}) names new snapshots, so
 * that every name this tool writes also parses without knowing the tag.
 */
public record Tag(String value) {
  // declared before the constants below: they are built in textual order
  private static final Pattern WRITABLE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** The default tag. */
  public static final Tag DEFAULT = new Tag("backup");

  /** The tag switchyard uses by default, for reading its artifacts. */
  public static final Tag SWITCHYARD = new Tag("switchyard");

  /** Checks the tag can be part of a file name (no {@code /}, no NUL). */
  public Tag {
    Objects.requireNonNull(value, "tag");
    if (value.indexOf('/') >= 0 || value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          String.format("tag (%s) must not contain '/' or NUL: it is part of a file name", value));
    }
  }

  /** Parses a tag to read with, turning an impossible one into {@link ErrorId#E_POLICY}. */
  public static Tag parse(String value) throws BackupException {
    try {
      return new Tag(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new BackupException(ErrorId.E_POLICY, null, e.getMessage(), e);
    }
  }

  /**
   * Whether new snapshots may be written with this tag: 1 to 64 letters, digits, {@code _} and
   * {@code -}, so the names written parse unambiguously by anyone.
   */
  public boolean isWritable() {
    return WRITABLE.matcher(value).matches();
  }

  /**
   * This tag, when new snapshots may be written with it.
   *
   * @throws BackupException {@link ErrorId#E_POLICY} naming the tag otherwise
   */
  public Tag requireWritable() throws BackupException {
    if (!isWritable()) {
      throw new BackupException(
          ErrorId.E_POLICY,
          null,
          String.format(
              "tag (%s) can be read but not written: new snapshots need a tag of 1 to 64 "
                  + "characters, only letters, digits, '_' and '-'",
              value));
    }
    return this;
  }

  @Override
  public String toString() {
    return value;
  }
}
