package io.backupsidecar.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** The one JSON writer of the command line's {@code --json} output. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** The object every command's {@code --json} output is: it names its command first. */
  static ObjectNode command(String name) {
    return object().put("command", name);
  }

  static void print(PrintWriter out, Object document) {
    try {
      out.println(MAPPER.writeValueAsString(document));
      out.flush();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
