package io.backupsidecar.adapter.sidecar;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.backupsidecar.domain.model.BackupName;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.FileMode;
import io.backupsidecar.domain.model.PriorKind;
import io.backupsidecar.domain.model.SchemaVersion;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Sidecar.PriorFile;
import io.backupsidecar.domain.model.Sidecar.PriorNone;
import io.backupsidecar.domain.model.Sidecar.PriorSymlink;
import io.backupsidecar.domain.model.Sidecar.Provenance;
import io.backupsidecar.domain.model.SidecarFormatException;
import io.backupsidecar.domain.model.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Reads {@code backup_meta} v1/v2/v3 from bytes into the domain model. Tolerant where switchyard is
 * (unknown fields, fields another version or kind defines, {@code null} for its optional fields, a
 * {@code payload_hash} in any version), strict where a hostile sidecar could do harm (duplicate
 * keys, malformed values) and where switchyard never writes what it would accept (a schema other
 * than v1/v2/v3, a file without {@code mode}, a symlink without {@code prior_dest}: nothing to
 * restore from safely), and total: every input gives a sidecar or a {@link SidecarFormatException}
 * naming the source. The JSON layer (parsing, typed field access with named errors) is {@link
 * FlatJson}; this class says what a {@code backup_meta} document holds.
 */
final class SidecarReader {
  /** A real sidecar is a few hundred bytes; anything near this is not one. */
  static final int MAX_BYTES = Sidecar.MAX_BYTES;

  /** Room for nested unknown fields from future versions, far from a stack-busting depth. */
  static final int MAX_NESTING_DEPTH = 64;

  // jackson-core's streaming parser only: databind's tree model cost a third of a cold
  // `backup list` (building its mapper) for the dozen scalar fields a sidecar has.
  private final JsonFactory factory;

  SidecarReader() {
    this.factory =
        JsonFactory.builder()
            // A second "payload_hash" must not silently win over the first (at every depth).
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();
  }

  Sidecar read(byte[] bytes, String source) throws SidecarFormatException {
    if (bytes.length > MAX_BYTES) {
      throw new SidecarFormatException(
          String.format(
              "sidecar %s is %d bytes, more than the %d a sidecar may have",
              source, bytes.length, MAX_BYTES));
    }
    FlatJson doc = FlatJson.parse(factory, bytes, source);
    SchemaVersion version = version(doc);
    PriorKind kind = priorKind(doc);
    Sidecar.Prior prior =
        switch (kind) {
          case FILE -> priorFile(doc, version);
          case SYMLINK -> priorSymlink(doc);
          case NONE -> new PriorNone();
        };
    Provenance provenance = version == SchemaVersion.V3 ? provenance(doc) : null;
    try {
      return new Sidecar(version, prior, provenance);
    } catch (IllegalArgumentException e) {
      throw doc.error(e.getMessage());
    }
  }

  private static SchemaVersion version(FlatJson doc) throws SidecarFormatException {
    String wire = doc.requiredText(Wire.SCHEMA);
    return SchemaVersion.fromWireName(wire)
        .orElseThrow(
            () ->
                doc.error(
                    String.format(
                        "unknown schema %s; this reader knows backup_meta.v1, backup_meta.v2 and"
                            + " backup_meta.v3",
                        FlatJson.quote(wire))));
  }

  private static PriorKind priorKind(FlatJson doc) throws SidecarFormatException {
    String wire = doc.requiredText(Wire.PRIOR_KIND);
    return PriorKind.fromWireName(wire)
        .orElseThrow(
            () ->
                doc.error(
                    String.format(
                        "unknown prior_kind %s; expected file, symlink or none",
                        FlatJson.quote(wire))));
  }

  private static PriorSymlink priorSymlink(FlatJson doc) throws SidecarFormatException {
    String dest = doc.switchyardOptional(Wire.PRIOR_DEST);
    if (dest == null) {
      // switchyard would rename the payload over the target; the sidecar is the record here
      throw doc.error(String.format("the field %s is missing", Wire.PRIOR_DEST));
    }
    if (dest.isEmpty() || dest.indexOf('\0') >= 0) {
      throw doc.error(
          String.format(
              "prior_dest %s is not a link destination (empty or contains NUL)",
              FlatJson.quote(dest)));
    }
    return new PriorSymlink(dest);
  }

  private static PriorFile priorFile(FlatJson doc, SchemaVersion version)
      throws SidecarFormatException {
    String modeText = doc.switchyardOptional(Wire.MODE);
    if (modeText == null) {
      throw doc.error(String.format("the field %s is missing", Wire.MODE));
    }
    FileMode mode = mode(doc, modeText);
    // v1 and v2 alike: switchyard's reader takes a payload_hash whatever the schema says,
    // and refuses a payload that does not match it; so does this one.
    String hashText =
        version == SchemaVersion.V3
            ? doc.requiredText(Wire.PAYLOAD_HASH)
            : doc.switchyardOptional(Wire.PAYLOAD_HASH);
    ContentHash hash = hashText == null ? null : hash(doc, hashText);
    if (version != SchemaVersion.V3) {
      return new PriorFile(mode, hash, null, null, null, null);
    }
    String alg = doc.requiredText(Wire.HASH_ALG);
    if (!ContentHash.ALGORITHM.equals(alg)) {
      throw doc.error(
          String.format(
              "hash_alg %s is not supported; only %s", FlatJson.quote(alg), ContentHash.ALGORITHM));
    }
    Long size = doc.optionalWhole(Wire.SIZE, Long.MAX_VALUE);
    Long uid = doc.optionalWhole(Wire.UID, Wire.MAX_ID);
    Long gid = doc.optionalWhole(Wire.GID, Wire.MAX_ID);
    String mtime = doc.optionalText(Wire.MTIME);
    List<String> xattrs = doc.optionalNames(Wire.XATTRS);
    String metadataHash = doc.optionalText(Wire.METADATA_HASH);
    return new PriorFile(
        mode,
        hash,
        size,
        uid == null ? null : (int) uid.longValue(),
        gid == null ? null : (int) gid.longValue(),
        mtime == null ? null : instant(doc, Wire.MTIME, mtime),
        xattrs,
        metadataHash == null ? null : hash(doc, metadataHash));
  }

  private static Provenance provenance(FlatJson doc) throws SidecarFormatException {
    Instant createdAt = instant(doc, Wire.CREATED_AT, doc.requiredText(Wire.CREATED_AT));
    String tagText = doc.requiredText(Wire.TAG);
    // only this tool writes v3, and only with a writable tag
    Tag tag = null;
    try {
      tag = new Tag(tagText);
    } catch (IllegalArgumentException e) {
      // refused below with the same message as any other unwritable tag
    }
    if (tag == null || !tag.isWritable()) {
      throw doc.error(
          String.format(
              "tag %s must be 1 to 64 letters, digits, '_' or '-'", FlatJson.quote(tagText)));
    }
    String targetName = doc.requiredText(Wire.TARGET_NAME);
    if (!BackupName.isFileName(targetName)) {
      throw doc.error(
          String.format(
              "target_name %s must be one file name (not . or ..) without '/' or NUL",
              FlatJson.quote(targetName)));
    }
    String tool = doc.requiredText(Wire.TOOL);
    if (tool.isEmpty()) {
      throw doc.error("tool must not be empty");
    }
    String originText = doc.optionalText(Wire.ORIGIN);
    Sidecar.Origin origin =
        originText == null
            ? Sidecar.Origin.SNAPSHOT
            : Sidecar.Origin.fromWireName(originText)
                .orElseThrow(
                    () ->
                        doc.error(
                            String.format(
                                "origin %s must be 'snapshot' or 'restore_capture'",
                                FlatJson.quote(originText))));
    return new Provenance(createdAt, tag, targetName, tool, origin);
  }

  private static FileMode mode(FlatJson doc, String text) throws SidecarFormatException {
    if (!Wire.MODE_TEXT.matcher(text).matches()) {
      throw doc.error(
          String.format(
              "mode %s is not the octal st_mode of a regular file (like \"100644\")",
              FlatJson.quote(text)));
    }
    return FileMode.parseOctal(text);
  }

  private static ContentHash hash(FlatJson doc, String text) throws SidecarFormatException {
    try {
      return new ContentHash(text);
    } catch (IllegalArgumentException e) {
      throw doc.error(
          String.format(
              "payload_hash %s is not 64 lowercase hex digits of a SHA-256", FlatJson.quote(text)));
    }
  }

  private static Instant instant(FlatJson doc, String field, String text)
      throws SidecarFormatException {
    Instant fast = Wire.parseUtcTimestamp(text);
    if (fast != null) {
      return fast;
    }
    if (Wire.UTC_TIMESTAMP.matcher(text).matches()) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        // falls through to the error below
      }
    }
    throw doc.error(
        String.format(
            "%s %s is not an ISO-8601 UTC timestamp (like \"2025-01-31T12:00:00Z\")",
            field, FlatJson.quote(text)));
  }
}
