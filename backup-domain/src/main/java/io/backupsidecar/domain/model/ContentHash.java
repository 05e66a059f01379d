package io.backupsidecar.domain.model;

import java.util.Objects;
import java.util.regex.Pattern;

/** A SHA-256 digest as lowercase hex, the form sidecars and facts carry. */
public record ContentHash(String hex) {
  /** The algorithm name written in {@code hash_alg}. */
  public static final String ALGORITHM = "sha256";

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  /** Validates 64 lowercase hex digits. */
  public ContentHash {
    Objects.requireNonNull(hex, "hex");
    if (!HEX64.matcher(hex).matches()) {
      throw new IllegalArgumentException(
          String.format("hash (%s) is not 64 lowercase hex digits of a SHA-256", hex));
    }
  }

  /** Formats a 32-byte digest. */
  public static ContentHash of(byte[] digest) {
    if (digest.length != 32) {
      throw new IllegalArgumentException(
          String.format("digest length (%d) is not the 32 bytes of a SHA-256", digest.length));
    }
    char[] out = new char[64];
    final String digits = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
      out[2 * i] = digits.charAt((digest[i] >> 4) & 0xf);
      out[2 * i + 1] = digits.charAt(digest[i] & 0xf);
    }
    return new ContentHash(new String(out));
  }

  @Override
  public String toString() {
    return hex;
  }
}
