package io.backupsidecar.adapter.sidecar;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.backupsidecar.domain.model.BackupName;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.SchemaVersion;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Sidecar.PriorFile;
import io.backupsidecar.domain.model.Sidecar.PriorSymlink;
import io.backupsidecar.domain.model.Sidecar.Provenance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes sidecars byte-for-byte as switchyard's {@code serde_json::to_writer_pretty} would:
 * switchyard's field order, two-space indent, {@code "key": value}, {@code \n} line feeds,
 * serde_json's string escapes, and no trailing newline.
 */
final class SidecarWriter {
  private final JsonFactory factory;
  private final DefaultPrettyPrinter prettyPrinter;

  SidecarWriter() {
    this.factory = new JsonFactory();
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    this.prettyPrinter =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(indenter)
            .withArrayIndenter(indenter);
  }

  byte[] write(Sidecar sidecar) {
    checkWritable(sidecar);
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
      // DefaultPrettyPrinter keeps its nesting level, so each document gets its own instance.
      g.setPrettyPrinter(prettyPrinter.createInstance());
      g.writeStartObject();
      g.writeStringField(Wire.SCHEMA, sidecar.schema().wireName());
      g.writeStringField(Wire.PRIOR_KIND, sidecar.priorKind().wireName());
      if (sidecar.prior() instanceof PriorSymlink link) {
        writeText(g, Wire.PRIOR_DEST, link.destination());
      }
      if (sidecar.prior() instanceof PriorFile file) {
        writeFile(g, file, sidecar.schema());
      }
      Provenance p = sidecar.provenance();
      if (p != null) {
        g.writeStringField(Wire.CREATED_AT, p.createdAt().toString());
        g.writeStringField(Wire.TAG, p.tag().value());
        writeText(g, Wire.TARGET_NAME, p.targetName());
        writeText(g, Wire.TOOL, p.tool());
        // an ordinary snapshot's origin is the default and stays implicit
        if (p.origin() != Sidecar.Origin.SNAPSHOT) {
          g.writeStringField(Wire.ORIGIN, p.origin().wireName());
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      // A ByteArrayOutputStream does not fail; a generator error here is a bug.
      throw new UncheckedIOException("sidecar could not be encoded", e);
    }
    return out.toByteArray();
  }

  private static void writeFile(JsonGenerator g, PriorFile file, SchemaVersion version)
      throws IOException {
    g.writeStringField(Wire.MODE, file.mode().toOctal());
    if (file.payloadHash() != null) {
      g.writeStringField(Wire.PAYLOAD_HASH, file.payloadHash().hex());
      if (version == SchemaVersion.V3) {
        g.writeStringField(Wire.HASH_ALG, ContentHash.ALGORITHM);
      }
    }
    // The model only carries these in v3 (Sidecar's constructor refuses them elsewhere).
    if (file.size() != null) {
      g.writeNumberField(Wire.SIZE, file.size());
    }
    if (file.uid() != null) {
      g.writeNumberField(Wire.UID, Integer.toUnsignedLong(file.uid()));
    }
    if (file.gid() != null) {
      g.writeNumberField(Wire.GID, Integer.toUnsignedLong(file.gid()));
    }
    if (file.mtime() != null) {
      g.writeStringField(Wire.MTIME, file.mtime().toString());
    }
    if (!file.xattrs().isEmpty()) {
      g.writeArrayFieldStart(Wire.XATTRS);
      for (String name : file.xattrs()) {
        g.writeString(name);
      }
      g.writeEndArray();
    }
    if (file.metadataHash() != null) {
      g.writeStringField(Wire.METADATA_HASH, file.metadataHash().hex());
    }
  }

  /**
   * Refuses a sidecar the wire format cannot carry faithfully, so whatever is written reads back to
   * an equal sidecar.
   */
  static void checkWritable(Sidecar sidecar) {
    if (sidecar.prior() instanceof PriorSymlink link && !Wire.isWellFormed(link.destination())) {
      throw new IllegalArgumentException(
          String.format(
              "prior_dest (%s) contains a lone surrogate and has no UTF-8 form",
              link.destination()));
    }
    if (sidecar.prior() instanceof PriorFile file) {
      if (!file.mode().isRegularFile()) {
        throw new IllegalArgumentException(
            String.format(
                "mode (%s) of a file sidecar must have the regular-file type bits (100000)",
                file.mode().toOctal()));
      }
      if (sidecar.schema() == SchemaVersion.V3 && file.payloadHash() == null) {
        throw new IllegalArgumentException(
            "a backup_meta.v3 file sidecar requires payload_hash (the payload is always hashed)");
      }
    }
    Provenance p = sidecar.provenance();
    if (p != null) {
      if (!BackupName.isFileName(p.targetName()) || !Wire.isWellFormed(p.targetName())) {
        throw new IllegalArgumentException(
            String.format(
                "target_name (%s) must be one non-empty file name without '/' or NUL",
                p.targetName()));
      }
      if (p.tool().isEmpty() || !Wire.isWellFormed(p.tool())) {
        throw new IllegalArgumentException(
            String.format("tool (%s) must be a non-empty string", p.tool()));
      }
    }
  }

  /** Writes a string field whose value is escaped exactly as serde_json escapes it. */
  private static void writeText(JsonGenerator g, String field, String value) throws IOException {
    g.writeFieldName(field);
    g.writeRawValue(serdeQuoted(value));
  }

  /**
   * A JSON string literal as serde_json writes it: {@code "} and {@code \} escaped, U+0000 to
   * U+001F as the short forms {@code \b \t \n \f \r} or else {@code &#92;u00xx} in lowercase hex,
   * everything else (U+007F, non-ASCII, astral planes) as is. Jackson's own escaping differs
   * (uppercase hex, surrogate pairs escaped), hence written by hand.
   */
  static String serdeQuoted(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();
}
