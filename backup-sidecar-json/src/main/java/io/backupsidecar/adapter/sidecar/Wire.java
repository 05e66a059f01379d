package io.backupsidecar.adapter.sidecar;

import java.util.regex.Pattern;

/**
 * The wire vocabulary of {@code backup_meta}: field names in switchyard's struct order, and the
 * lexical rules the reader, the writer and the JSON Schema share.
 */
final class Wire {
  static final String SCHEMA = "schema";
  static final String PRIOR_KIND = "prior_kind";
  static final String PRIOR_DEST = "prior_dest";
  static final String MODE = "mode";
  static final String PAYLOAD_HASH = "payload_hash";
  static final String HASH_ALG = "hash_alg";
  static final String SIZE = "size";
  static final String UID = "uid";
  static final String GID = "gid";
  static final String MTIME = "mtime";
  static final String XATTRS = "xattrs";
  static final String METADATA_HASH = "metadata_hash";
  static final String CREATED_AT = "created_at";
  static final String TAG = "tag";
  static final String TARGET_NAME = "target_name";
  static final String TOOL = "tool";
  static final String ORIGIN = "origin";

  /**
   * switchyard writes {@code format!("{:o}", st_mode)}, e.g. {@code 100644}; a bare permission form
   * ({@code 644}) is read as a regular file. Same pattern as the JSON Schema.
   */
  static final Pattern MODE_TEXT = Pattern.compile("10[0-7]{4}|[0-7]{1,4}");

  /** {@link java.time.Instant#toString()} form, UTC only. Same pattern as the JSON Schema. */
  static final Pattern UTC_TIMESTAMP =
      Pattern.compile(
          "[+-]?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z");

  /** uid_t and gid_t are unsigned 32-bit; Java's {@code unix:uid} carries them in an int. */
  static final long MAX_ID = 0xFFFF_FFFFL;

  private Wire() {}

  /** Whether the string is well-formed UTF-16 (no lone surrogates), so it has a UTF-8 form. */
  static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
