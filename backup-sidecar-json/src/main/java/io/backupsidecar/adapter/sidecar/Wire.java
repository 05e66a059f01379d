package io.backupsidecar.adapter.sidecar;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
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

  /**
   * The common case of {@link #UTC_TIMESTAMP} without {@link Instant#parse} (a tenth of the CPU of
   * a list of 10,000 snapshots went to its formatter): {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z} with
   * a four-digit year, a real date and a time from 00:00:00 to 23:59:59. Returns what {@code
   * Instant.parse} returns for it, or {@code null} for anything else (a sign, a longer year, a leap
   * second, an invalid date, another form), which the caller then parses or refuses.
   */
  static Instant parseUtcTimestamp(String text) {
    int n = text.length();
    if (n < 20
        || n == 21
        || n > 30
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(n - 1) != 'Z'
        || (n > 20 && text.charAt(19) != '.')) {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int nanos = 0;
    if (n > 20) {
      int fraction = digits(text, 20, n - 1);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction;
      for (int i = n - 1 - 20; i < 9; i++) {
        nanos *= 10;
      }
    }
    if ((year | month | day | hour | minute | second) < 0
        || hour > 23
        || minute > 59
        || second > 59) {
      return null;
    }
    long days;
    try {
      days = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null;
    }
    return Instant.ofEpochSecond(days * 86_400L + hour * 3_600L + minute * 60L + second, nanos);
  }

  /** The value of the ASCII digits from {@code begin} to {@code end} (at most 9), or -1. */
  private static int digits(String text, int begin, int end) {
    int value = 0;
    for (int i = begin; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
