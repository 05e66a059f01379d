package io.backupsidecar.adapter.facts;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.backupsidecar.domain.contract.FactEmitterContract;
import io.backupsidecar.domain.port.FactEmitter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/**
 * The JSON Lines emitter keeps the {@link FactEmitter} contract writing to a stream and to a file:
 * what arrives is read back from the lines, envelope aside.
 */
class JsonLinesFactEmitterContractTest {

  @Nested
  class ToStream extends FactEmitterContract {
    @Override
    protected Fixture newFixture() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      JsonLinesFactEmitter emitter =
          JsonLinesFactEmitter.toStream(
              out, SampleFacts.CLOCK, SampleFacts.RUN_ID, SampleFacts.TOOL);
      return new Fixture() {
        @Override
        public FactEmitter emitter() {
          return emitter;
        }

        @Override
        public List<Delivered> delivered() throws IOException {
          return read(out.toString(StandardCharsets.UTF_8));
        }
      };
    }
  }

  @Nested
  class ToFile extends FactEmitterContract {
    @Override
    protected Fixture newFixture() throws IOException {
      FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
      Path file = fs.getPath("/facts.jsonl");
      JsonLinesFactEmitter emitter =
          JsonLinesFactEmitter.toFile(
              file, SampleFacts.CLOCK, SampleFacts.RUN_ID, SampleFacts.TOOL);
      return new Fixture() {
        @Override
        public FactEmitter emitter() {
          return emitter;
        }

        @Override
        public List<Delivered> delivered() throws IOException {
          return read(Files.readString(file));
        }

        @Override
        public void close() throws IOException {
          emitter.close();
          fs.close();
        }
      };
    }
  }

  /** Each complete line as the fact it carries; the envelope but event and dry_run dropped. */
  static List<FactEmitterContract.Delivered> read(String text) throws IOException {
    List<FactEmitterContract.Delivered> out = new ArrayList<>();
    if (text.isEmpty()) {
      return out;
    }
    if (!text.endsWith("\n")) {
      throw new IOException("the last line is not complete: " + text);
    }
    for (String line : text.split("\n")) {
      JsonNode node = FactsSchema.MAPPER.readTree(line);
      Map<String, Object> fields = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!FactLines.ENVELOPE.contains(e.getKey())) {
          fields.put(e.getKey(), value(e.getValue()));
        }
      }
      out.add(
          new FactEmitterContract.Delivered(
              node.get(FactLines.EVENT).textValue(),
              node.get(FactLines.DRY_RUN).booleanValue(),
              fields));
    }
    return out;
  }

  private static Object value(JsonNode node) throws IOException {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isArray()) {
      List<String> items = new ArrayList<>();
      for (JsonNode item : node) {
        if (!item.isTextual()) {
          throw new IOException("a list item that is not a string: " + node);
        }
        items.add(item.textValue());
      }
      return items;
    }
    throw new IOException("a value no fact carries: " + node);
  }
}
