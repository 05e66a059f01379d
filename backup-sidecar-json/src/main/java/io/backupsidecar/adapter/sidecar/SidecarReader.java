package io.backupsidecar.adapter.sidecar;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
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
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code backup_meta} v1/v2/v3 from bytes into the domain model. Tolerant where switchyard is
 * (unknown fields, fields another version or kind defines, {@code null} for its optional fields, a
 * {@code payload_hash} in any version), strict where a hostile sidecar could do harm (duplicate
 * keys, malformed values) and where switchyard never writes what it would accept (a schema other
 * than v1/v2/v3, a file without {@code mode}, a symlink without {@code prior_dest}: nothing to
 * restore from safely), and total: every input gives a sidecar or a {@link SidecarFormatException}
 * naming the source.
 */
final class SidecarReader {
  /** A real sidecar is a few hundred bytes; anything near this is not one. */
  static final int MAX_BYTES = Sidecar.MAX_BYTES;

  /** Room for nested unknown fields from future versions, far from a stack-busting depth. */
  static final int MAX_NESTING_DEPTH = 64;

  private static final int MAX_QUOTED = 80;

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
    Document doc = new Document(parse(bytes, source), source);
    SchemaVersion version = doc.version();
    PriorKind kind = doc.priorKind();
    Sidecar.Prior prior =
        switch (kind) {
          case FILE -> doc.priorFile(version);
          case SYMLINK -> doc.priorSymlink();
          case NONE -> new PriorNone();
        };
    Provenance provenance = version == SchemaVersion.V3 ? doc.provenance() : null;
    try {
      return new Sidecar(version, prior, provenance);
    } catch (IllegalArgumentException e) {
      throw doc.error(e.getMessage());
    }
  }

  private Map<String, Value> parse(byte[] bytes, String source) throws SidecarFormatException {
    if (bytes.length > MAX_BYTES) {
      throw new SidecarFormatException(
          String.format(
              "sidecar %s is %d bytes, more than the %d a sidecar may have",
              source, bytes.length, MAX_BYTES));
    }
    Map<String, Value> fields = null;
    JsonToken root;
    try (JsonParser parser = factory.createParser(bytes)) {
      root = parser.nextToken();
      if (root == null) {
        throw new SidecarFormatException(String.format("sidecar %s is empty", source));
      }
      if (root == JsonToken.START_OBJECT) {
        fields = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          fields.put(name, Value.of(parser));
        }
      } else {
        parser.skipChildren();
      }
      // Nothing may follow the document (databind's FAIL_ON_TRAILING_TOKENS did this before).
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        JsonLocation at = parser.currentTokenLocation();
        throw new SidecarFormatException(
            String.format(
                "sidecar %s is not valid JSON: trailing token (of type %s) found after the value%s",
                source, trailing, where(at)));
      }
    } catch (JacksonException e) {
      throw new SidecarFormatException(
          String.format(
              "sidecar %s is not valid JSON: %s%s",
              source, sanitize(e.getOriginalMessage()), where(e.getLocation())),
          e);
    } catch (IOException e) {
      // Jackson reports undecodable byte sequences (e.g. a bad UTF-32 guess) this way.
      throw new SidecarFormatException(
          String.format("sidecar %s is not valid JSON: %s", source, sanitize(e.getMessage())), e);
    }
    if (fields == null) {
      throw new SidecarFormatException(
          String.format(
              "sidecar %s is not a JSON object (found %s)", source, Value.typeName(root)));
    }
    return fields;
  }

  private static String where(JsonLocation at) {
    return at == null
        ? ""
        : String.format(" (line %d, column %d)", at.getLineNr(), at.getColumnNr());
  }

  /**
   * One field's value, as much of it as the reader looks at: text, a whole number (with its long
   * value when it has one), or anything else, described for error messages the way Jackson's tree
   * printed it.
   */
  private record Value(
      String text, boolean whole, Long wholeValue, String shown, List<String> items) {

    Value(String text, boolean whole, Long wholeValue, String shown) {
      this(text, whole, wholeValue, shown, null);
    }

    static Value of(JsonParser parser) throws IOException {
      JsonToken token = parser.currentToken();
      switch (token) {
        case VALUE_STRING:
          {
            String text = parser.getText();
            return new Value(
                text,
                false,
                null,
                "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"");
          }
        case VALUE_NUMBER_INT:
          {
            boolean fits = parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
            Long value = fits ? parser.getLongValue() : null;
            return new Value(
                null,
                true,
                value,
                fits ? Long.toString(value) : parser.getBigIntegerValue().toString());
          }
        case VALUE_NUMBER_FLOAT:
          return new Value(null, false, null, Double.toString(parser.getDoubleValue()));
        case VALUE_TRUE:
          return new Value(null, false, null, "true");
        case VALUE_FALSE:
          return new Value(null, false, null, "false");
        case VALUE_NULL:
          return new Value(null, false, null, "null");
        case START_ARRAY:
          {
            // an array of strings (xattrs) is kept; any other array is only described
            List<String> items = new java.util.ArrayList<>();
            JsonToken item;
            while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
              if (item == JsonToken.VALUE_STRING && items != null) {
                items.add(parser.getText());
              } else {
                items = null;
                parser.skipChildren();
              }
            }
            return new Value(null, false, null, "an array", items);
          }
        default:
          parser.skipChildren();
          return new Value(null, false, null, "an object");
      }
    }

    static String typeName(JsonToken token) {
      switch (token) {
        case START_ARRAY:
          return "array";
        case VALUE_STRING:
          return "string";
        case VALUE_NUMBER_INT:
        case VALUE_NUMBER_FLOAT:
          return "number";
        case VALUE_TRUE:
        case VALUE_FALSE:
          return "boolean";
        case VALUE_NULL:
          return "null";
        default:
          return token.name().toLowerCase(java.util.Locale.ROOT);
      }
    }

    boolean isText() {
      return text != null;
    }

    /** As in error messages: scalars as JSON (cut short), containers by kind. */
    String describe() {
      return shown.startsWith("an ") ? shown : sanitize(shown);
    }
  }

  /** One parsed document and the source it came from, for field access with named errors. */
  private static final class Document {
    private final Map<String, Value> root;
    private final String source;

    Document(Map<String, Value> root, String source) {
      this.root = root;
      this.source = source;
    }

    SchemaVersion version() throws SidecarFormatException {
      String wire = requiredText(Wire.SCHEMA);
      return SchemaVersion.fromWireName(wire)
          .orElseThrow(
              () ->
                  error(
                      String.format(
                          "unknown schema %s; this reader knows backup_meta.v1, backup_meta.v2 and"
                              + " backup_meta.v3",
                          quote(wire))));
    }

    PriorKind priorKind() throws SidecarFormatException {
      String wire = requiredText(Wire.PRIOR_KIND);
      return PriorKind.fromWireName(wire)
          .orElseThrow(
              () ->
                  error(
                      String.format(
                          "unknown prior_kind %s; expected file, symlink or none", quote(wire))));
    }

    PriorSymlink priorSymlink() throws SidecarFormatException {
      String dest = switchyardOptional(Wire.PRIOR_DEST);
      if (dest == null) {
        // switchyard would rename the payload over the target; the sidecar is the record here
        throw error(String.format("the field %s is missing", Wire.PRIOR_DEST));
      }
      if (dest.isEmpty() || dest.indexOf('\0') >= 0) {
        throw error(
            String.format(
                "prior_dest %s is not a link destination (empty or contains NUL)", quote(dest)));
      }
      return new PriorSymlink(dest);
    }

    PriorFile priorFile(SchemaVersion version) throws SidecarFormatException {
      String modeText = switchyardOptional(Wire.MODE);
      if (modeText == null) {
        throw error(String.format("the field %s is missing", Wire.MODE));
      }
      FileMode mode = mode(modeText);
      // v1 and v2 alike: switchyard's reader takes a payload_hash whatever the schema says,
      // and refuses a payload that does not match it; so does this one.
      String hashText =
          version == SchemaVersion.V3
              ? requiredText(Wire.PAYLOAD_HASH)
              : switchyardOptional(Wire.PAYLOAD_HASH);
      ContentHash hash = hashText == null ? null : hash(hashText);
      if (version != SchemaVersion.V3) {
        return new PriorFile(mode, hash, null, null, null, null);
      }
      String alg = requiredText(Wire.HASH_ALG);
      if (!ContentHash.ALGORITHM.equals(alg)) {
        throw error(
            String.format(
                "hash_alg %s is not supported; only %s", quote(alg), ContentHash.ALGORITHM));
      }
      Long size = optionalWhole(Wire.SIZE, Long.MAX_VALUE);
      Long uid = optionalWhole(Wire.UID, Wire.MAX_ID);
      Long gid = optionalWhole(Wire.GID, Wire.MAX_ID);
      String mtime = optionalText(Wire.MTIME);
      List<String> xattrs = optionalNames(Wire.XATTRS);
      String metadataHash = optionalText(Wire.METADATA_HASH);
      return new PriorFile(
          mode,
          hash,
          size,
          uid == null ? null : (int) uid.longValue(),
          gid == null ? null : (int) gid.longValue(),
          mtime == null ? null : instant(Wire.MTIME, mtime),
          xattrs,
          metadataHash == null ? null : hash(metadataHash));
    }

    Provenance provenance() throws SidecarFormatException {
      Instant createdAt = instant(Wire.CREATED_AT, requiredText(Wire.CREATED_AT));
      String tagText = requiredText(Wire.TAG);
      // only this tool writes v3, and only with a writable tag
      Tag tag = null;
      try {
        tag = new Tag(tagText);
      } catch (IllegalArgumentException e) {
        // refused below with the same message as any other unwritable tag
      }
      if (tag == null || !tag.isWritable()) {
        throw error(
            String.format("tag %s must be 1 to 64 letters, digits, '_' or '-'", quote(tagText)));
      }
      String targetName = requiredText(Wire.TARGET_NAME);
      if (!BackupName.isFileName(targetName)) {
        throw error(
            String.format(
                "target_name %s must be one file name (not . or ..) without '/' or NUL",
                quote(targetName)));
      }
      String tool = requiredText(Wire.TOOL);
      if (tool.isEmpty()) {
        throw error("tool must not be empty");
      }
      String originText = optionalText(Wire.ORIGIN);
      Sidecar.Origin origin =
          originText == null
              ? Sidecar.Origin.SNAPSHOT
              : Sidecar.Origin.fromWireName(originText)
                  .orElseThrow(
                      () ->
                          error(
                              String.format(
                                  "origin %s must be 'snapshot' or 'restore_capture'",
                                  quote(originText))));
      return new Provenance(createdAt, tag, targetName, tool, origin);
    }

    private FileMode mode(String text) throws SidecarFormatException {
      if (!Wire.MODE_TEXT.matcher(text).matches()) {
        throw error(
            String.format(
                "mode %s is not the octal st_mode of a regular file (like \"100644\")",
                quote(text)));
      }
      return FileMode.parseOctal(text);
    }

    private ContentHash hash(String text) throws SidecarFormatException {
      try {
        return new ContentHash(text);
      } catch (IllegalArgumentException e) {
        throw error(
            String.format(
                "payload_hash %s is not 64 lowercase hex digits of a SHA-256", quote(text)));
      }
    }

    private Instant instant(String field, String text) throws SidecarFormatException {
      if (Wire.UTC_TIMESTAMP.matcher(text).matches()) {
        try {
          return Instant.parse(text);
        } catch (DateTimeParseException e) {
          // falls through to the error below
        }
      }
      throw error(
          String.format(
              "%s %s is not an ISO-8601 UTC timestamp (like \"2025-01-31T12:00:00Z\")",
              field, quote(text)));
    }

    private String requiredText(String field) throws SidecarFormatException {
      String text = optionalText(field);
      if (text == null) {
        throw error(String.format("the field %s is missing", field));
      }
      return text;
    }

    /** An optional array of distinct, non-empty strings (names), sorted as written. */
    List<String> optionalNames(String field) throws SidecarFormatException {
      Value v = root.get(field);
      if (v == null) {
        return List.of();
      }
      if (v.items() == null
          || v.items().stream().anyMatch(String::isEmpty)
          || v.items().stream().distinct().count() != v.items().size()) {
        throw error(
            String.format(
                "%s must be an array of distinct, non-empty names (found %s)",
                field, v.describe()));
      }
      return List.copyOf(v.items());
    }

    private String optionalText(String field) throws SidecarFormatException {
      Value node = root.get(field);
      if (node == null) {
        return null;
      }
      if (!node.isText()) {
        throw error(String.format("%s must be a string, not %s", field, node.describe()));
      }
      String text = node.text();
      if (!Wire.isWellFormed(text)) {
        throw error(String.format("%s contains a lone surrogate escape", field));
      }
      return text;
    }

    /**
     * A field of switchyard's struct ({@code prior_dest}, {@code mode}, {@code payload_hash}): an
     * {@code Option<String>} to serde, so JSON {@code null} reads as absent there too.
     */
    private String switchyardOptional(String field) throws SidecarFormatException {
      Value node = root.get(field);
      return node != null && "null".equals(node.shown()) && !node.isText()
          ? null
          : optionalText(field);
    }

    private Long optionalWhole(String field, long max) throws SidecarFormatException {
      Value node = root.get(field);
      if (node == null) {
        return null;
      }
      if (!node.whole()
          || node.wholeValue() == null
          || node.wholeValue() < 0
          || node.wholeValue() > max) {
        throw error(
            String.format(
                "%s must be a whole number from 0 to %d, not %s", field, max, node.describe()));
      }
      return node.wholeValue();
    }

    SidecarFormatException error(String what) {
      return new SidecarFormatException(String.format("sidecar %s: %s", source, what));
    }
  }

  /** A value for an error message: quoted, cut short, with control characters made visible. */
  static String quote(String value) {
    return "\"" + sanitize(value) + "\"";
  }

  private static String sanitize(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    int n = Math.min(value.length(), MAX_QUOTED);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (value.length() > MAX_QUOTED) {
      out.append("…");
    }
    return out.toString();
  }
}
