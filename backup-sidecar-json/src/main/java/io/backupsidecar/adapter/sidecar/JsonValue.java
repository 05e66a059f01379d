package io.backupsidecar.adapter.sidecar;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One field's value in a {@link FlatJson} object, as much of it as the reader looks at: text, a
 * whole number (with its long value when it has one), an array of strings, or anything else,
 * described for error messages the way Jackson's tree printed it. A string's description (its
 * JSON-escaped form) is made only when an error message needs it.
 */
final class JsonValue {
  private static final JsonValue NULL = new JsonValue(null, false, null, "null", null);
  private static final JsonValue TRUE = new JsonValue(null, false, null, "true", null);
  private static final JsonValue FALSE = new JsonValue(null, false, null, "false", null);
  private static final JsonValue OBJECT = new JsonValue(null, false, null, "an object", null);

  private final String text;
  private final boolean whole;
  private final Long wholeValue;
  private final String shown; // null for a string: made from text when asked
  private final List<String> items;

  private JsonValue(String text, boolean whole, Long wholeValue, String shown, List<String> items) {
    this.text = text;
    this.whole = whole;
    this.wholeValue = wholeValue;
    this.shown = shown;
    this.items = items;
  }

  /** Reads the value at the parser's current token (consuming a container whole). */
  static JsonValue of(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case VALUE_STRING:
        return new JsonValue(parser.getText(), false, null, null, null);
      case VALUE_NUMBER_INT:
        {
          boolean fits = parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
          Long value = fits ? parser.getLongValue() : null;
          return new JsonValue(
              null,
              true,
              value,
              fits ? Long.toString(value) : parser.getBigIntegerValue().toString(),
              null);
        }
      case VALUE_NUMBER_FLOAT:
        return new JsonValue(null, false, null, Double.toString(parser.getDoubleValue()), null);
      case VALUE_TRUE:
        return TRUE;
      case VALUE_FALSE:
        return FALSE;
      case VALUE_NULL:
        return NULL;
      case START_ARRAY:
        {
          // an array of strings (xattrs) is kept; any other array is only described
          List<String> items = new ArrayList<>();
          JsonToken item;
          while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (item == JsonToken.VALUE_STRING && items != null) {
              items.add(parser.getText());
            } else {
              items = null;
              parser.skipChildren();
            }
          }
          return new JsonValue(null, false, null, "an array", items);
        }
      default:
        parser.skipChildren();
        return OBJECT;
    }
  }

  /** The JSON type of a token, as error messages name it ("array", "string", "number"...). */
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
        return token.name().toLowerCase(Locale.ROOT);
    }
  }

  boolean isText() {
    return text != null;
  }

  boolean isNull() {
    return this == NULL;
  }

  /** The text of a string, else {@code null}. */
  String text() {
    return text;
  }

  /** Whether it is a whole number (then {@link #wholeValue()} is its value if it fits a long). */
  boolean whole() {
    return whole;
  }

  Long wholeValue() {
    return wholeValue;
  }

  /** The strings of an array of strings, else {@code null}. */
  List<String> items() {
    return items;
  }

  /** As in error messages: scalars as JSON (cut short), containers by kind. */
  String describe() {
    if (text != null) {
      return FlatJson.sanitize(
          "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"");
    }
    return shown.startsWith("an ") ? shown : FlatJson.sanitize(shown);
  }
}
