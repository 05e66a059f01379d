package io.backupsidecar.adapter.sidecar;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.backupsidecar.domain.model.SidecarFormatException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A sidecar's JSON object as a flat map of its top-level fields (nested values are kept only as far
 * as {@link JsonValue} describes them), read with jackson-core's streaming parser, and typed access
 * to the fields whose errors name the source and the field. Knows JSON, not {@code backup_meta}:
 * {@link SidecarReader} says which fields a sidecar has.
 */
final class FlatJson {
  private static final int MAX_QUOTED = 80;

  private final Map<String, JsonValue> root;
  private final String source;

  private FlatJson(Map<String, JsonValue> root, String source) {
    this.root = root;
    this.source = source;
  }

  /**
   * Parses a JSON object: nothing may follow it, and a duplicate key (at any depth) is refused when
   * {@code factory} has {@code STRICT_DUPLICATE_DETECTION}.
   *
   * @throws SidecarFormatException naming {@code source} when it is not one JSON object
   */
  static FlatJson parse(JsonFactory factory, byte[] bytes, String source)
      throws SidecarFormatException {
    Map<String, JsonValue> fields = null;
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
          fields.put(name, JsonValue.of(parser));
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
              "sidecar %s is not a JSON object (found %s)", source, JsonValue.typeName(root)));
    }
    return new FlatJson(fields, source);
  }

  private static String where(JsonLocation at) {
    return at == null
        ? ""
        : String.format(" (line %d, column %d)", at.getLineNr(), at.getColumnNr());
  }

  String requiredText(String field) throws SidecarFormatException {
    String text = optionalText(field);
    if (text == null) {
      throw error(String.format("the field %s is missing", field));
    }
    return text;
  }

  /** An optional array of distinct, non-empty strings (names), sorted as written. */
  List<String> optionalNames(String field) throws SidecarFormatException {
    JsonValue v = root.get(field);
    if (v == null) {
      return List.of();
    }
    if (v.items() == null
        || v.items().stream().anyMatch(String::isEmpty)
        || v.items().stream().distinct().count() != v.items().size()) {
      throw error(
          String.format(
              "%s must be an array of distinct, non-empty names (found %s)", field, v.describe()));
    }
    return List.copyOf(v.items());
  }

  String optionalText(String field) throws SidecarFormatException {
    JsonValue node = root.get(field);
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
  String switchyardOptional(String field) throws SidecarFormatException {
    JsonValue node = root.get(field);
    return node != null && node.isNull() ? null : optionalText(field);
  }

  Long optionalWhole(String field, long max) throws SidecarFormatException {
    JsonValue node = root.get(field);
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

  /** An error about this document: "sidecar SOURCE: WHAT". */
  SidecarFormatException error(String what) {
    return new SidecarFormatException(String.format("sidecar %s: %s", source, what));
  }

  /** A value for an error message: quoted, cut short, with control characters made visible. */
  static String quote(String value) {
    return "\"" + sanitize(value) + "\"";
  }

  static String sanitize(String value) {
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
