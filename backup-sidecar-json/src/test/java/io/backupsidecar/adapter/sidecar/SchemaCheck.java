package io.backupsidecar.adapter.sidecar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Validates documents against the shipped {@code backup_meta} schema with networknt. */
final class SchemaCheck {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonSchema SCHEMA = load();

  private SchemaCheck() {}

  private static JsonSchema load() {
    SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().build();
    try (InputStream in = JacksonSidecarCodec.schema().openStream()) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema's complaints about a JSON document; empty when it is valid. */
  static List<String> errors(byte[] json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return SCHEMA.validate(node).stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  static List<String> errors(String json) {
    return errors(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
