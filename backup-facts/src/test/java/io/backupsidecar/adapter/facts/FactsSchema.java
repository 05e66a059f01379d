package io.backupsidecar.adapter.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/** The facts schema from the main resources, and assertions that lines match it. */
final class FactsSchema {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final JsonNode JSON = load();
  private static final JsonSchema SCHEMA =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(JSON);

  private FactsSchema() {}

  static Set<ValidationMessage> problems(String line) {
    try {
      return SCHEMA.validate(MAPPER.readTree(line));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Set<ValidationMessage> problems(JsonNode line) {
    return SCHEMA.validate(line);
  }

  /** Every line of {@code text} is a complete, schema-valid fact ending in a newline. */
  static void assertEveryLineValid(String text) {
    assertTrue(text.isEmpty() || text.endsWith("\n"), "output ends in a newline: " + text);
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length - 1; i++) {
      assertEquals(Set.of(), problems(lines[i]), "line " + (i + 1) + ": " + lines[i]);
    }
  }

  private static JsonNode load() {
    try (InputStream in =
        FactsSchema.class.getResourceAsStream(JsonLinesFactEmitter.SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing " + JsonLinesFactEmitter.SCHEMA_RESOURCE);
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
