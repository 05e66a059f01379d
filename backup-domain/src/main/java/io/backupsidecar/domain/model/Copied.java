package io.backupsidecar.domain.model;

import java.util.Objects;

/**
 * The outcome of copying a file while hashing it in the same pass.
 *
 * @param bytes how many bytes were copied
 * @param hash SHA-256 of exactly those bytes
 * @param hashNanos time spent inside the digest, in nanoseconds (for facts)
 * @param xattrs the extended attributes read from the source's descriptor, to be applied to the
 *     copy when it is completed
 */
public record Copied(long bytes, ContentHash hash, long hashNanos, ExtendedAttributes xattrs) {
  /** Checks the parts. */
  public Copied {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(xattrs, "xattrs");
    if (bytes < 0) {
      throw new IllegalArgumentException(String.format("bytes (%d) must not be negative", bytes));
    }
  }

  /** A copy of a file without extended attributes. */
  public Copied(long bytes, ContentHash hash, long hashNanos) {
    this(bytes, hash, hashNanos, ExtendedAttributes.none());
  }
}
