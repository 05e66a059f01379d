package io.backupsidecar.domain.model;

import java.util.Objects;

/**
 * The outcome of copying a file while hashing it in the same pass.
 *
 * @param bytes how many bytes were copied
 * @param hash SHA-256 of exactly those bytes
 * @param hashNanos time spent inside the digest, in nanoseconds (for facts)
 */
public record Copied(long bytes, ContentHash hash, long hashNanos) {
  /** Checks the parts. */
  public Copied {
    Objects.requireNonNull(hash, "hash");
    if (bytes < 0) {
      throw new IllegalArgumentException(String.format("bytes (%d) must not be negative", bytes));
    }
  }
}
