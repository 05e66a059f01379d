package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.ExtendedAttributes;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.port.Hasher;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The digest of a file's metadata set that a v3 sidecar records ({@code metadata_hash}): mode,
 * owner, group, mtime, and every kept extended attribute's name and value, in one canonical byte
 * form. Restore and verify recompute it from the sidecar and the payload's attributes, so tampered
 * or damaged metadata is refused like tampered bytes.
 */
final class MetadataDigest {
  private MetadataDigest() {}

  /** The digest of the sidecar's recorded fields and these attributes. */
  static ContentHash of(Hasher hasher, Sidecar.PriorFile prior, ExtendedAttributes xattrs) {
    Hasher.Session session = hasher.newSession();
    feed(
        session,
        "mode="
            + prior.mode().toOctal()
            + "\nuid="
            + prior.uid()
            + "\ngid="
            + prior.gid()
            + "\nmtime="
            + prior.mtime()
            + "\n");
    for (Map.Entry<String, byte[]> e : xattrs.asMap().entrySet()) {
      feed(session, "xattr=" + e.getKey() + "\nbytes=" + e.getValue().length + "\n");
      session.update(e.getValue(), 0, e.getValue().length);
      feed(session, "\n");
    }
    return session.finish();
  }

  /**
   * What is wrong with a payload's attributes against its sidecar, or empty when they match or the
   * sidecar records no digest. Attributes this process cannot see (the portable backend sees only
   * {@code user.*}; a non-root process no {@code trusted.*}) cannot be checked: that is said, not
   * called damage.
   */
  static Optional<String> problem(
      Hasher hasher, Sidecar.PriorFile prior, ExtendedAttributes payloadXattrs, String payload) {
    if (prior.metadataHash() == null) {
      return Optional.empty();
    }
    List<String> unseen =
        prior.xattrs().stream().filter(name -> !payloadXattrs.asMap().containsKey(name)).toList();
    if (!unseen.isEmpty()) {
      return Optional.empty();
    }
    if (!payloadXattrs.names().equals(prior.xattrs())) {
      return Optional.of(
          String.format(
              "payload %s has extended attributes %s but its sidecar " + "records %s",
              payload, payloadXattrs.names(), prior.xattrs()));
    }
    ContentHash actual = of(hasher, prior, payloadXattrs);
    if (!actual.equals(prior.metadataHash())) {
      return Optional.of(
          String.format(
              "the metadata of %s does not match its sidecar: the "
                  + "digest of mode, owner, mtime and extended attributes is %s, the sidecar records "
                  + "%s; it was changed or damaged",
              payload, actual.hex(), prior.metadataHash().hex()));
    }
    return Optional.empty();
  }

  /** The attributes the sidecar records that this process could not see on the payload. */
  static List<String> unseen(Sidecar.PriorFile prior, ExtendedAttributes payloadXattrs) {
    return prior.xattrs().stream()
        .filter(name -> !payloadXattrs.asMap().containsKey(name))
        .toList();
  }

  private static void feed(Hasher.Session session, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    session.update(bytes, 0, bytes.length);
  }
}
