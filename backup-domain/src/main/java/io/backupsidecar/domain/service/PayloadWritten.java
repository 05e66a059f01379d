package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.ExtendedAttributes;
import java.util.Objects;

/**
 * What writing (or, in a dry run, reading) one target's payload found out: the value the sidecar
 * and the facts are made from.
 *
 * @param hash SHA-256 of the payload's bytes; {@code null} for a symlink or an absent target
 * @param bytes payload bytes (0 for a symlink or tombstone)
 * @param xattrs the extended attributes the payload holds (those read less those it refused)
 * @param hashNanos time inside the digest
 * @param copyNanos time spent copying and naming the payload (in a dry run: hashing it)
 */
record PayloadWritten(
    ContentHash hash, long bytes, ExtendedAttributes xattrs, long hashNanos, long copyNanos) {

  PayloadWritten {
    Objects.requireNonNull(xattrs, "xattrs");
  }

  /** The payload of a symlink or an absent target: no content, nothing hashed. */
  static PayloadWritten noContent(long copyNanos) {
    return new PayloadWritten(null, 0, ExtendedAttributes.none(), 0, copyNanos);
  }

  /** The same payload, with the time spent on a further step (naming it) added. */
  PayloadWritten plusCopyNanos(long nanos) {
    return new PayloadWritten(hash, bytes, xattrs, hashNanos, copyNanos + nanos);
  }
}
