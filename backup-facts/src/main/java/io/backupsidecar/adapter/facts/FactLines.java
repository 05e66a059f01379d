package io.backupsidecar.adapter.facts;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactField;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** The one place where a fact becomes a JSON line: envelope names, order and formats. */
final class FactLines {
  static final int SCHEMA_VERSION = 1;

  static final String SCHEMA_VERSION_FIELD = "schema_version";
  static final String TS = "ts";
  static final String EVENT = "event";
  static final String RUN_ID = "run_id";
  static final String SEQ = "seq";
  static final String DRY_RUN = "dry_run";
  static final String TOOL = "tool";

  /** The envelope, in the order it is written (DESIGN §9). */
  static final List<String> ENVELOPE =
      List.of(SCHEMA_VERSION_FIELD, TS, EVENT, RUN_ID, SEQ, DRY_RUN, TOOL);

  /** Always three fraction digits, so lines of one run have one shape and redact to one text. */
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  static final String ZERO_TIMESTAMP = TIMESTAMP.format(Instant.EPOCH);

  static final ObjectMapper MAPPER = new ObjectMapper();

  private FactLines() {}

  /** Encodes one complete line, terminating {@code '\n'} included, as UTF-8. */
  static byte[] encode(Fact fact, Instant ts, String runId, long seq, String tool) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeNumberField(SCHEMA_VERSION_FIELD, SCHEMA_VERSION);
      g.writeStringField(TS, TIMESTAMP.format(ts));
      g.writeStringField(EVENT, fact.event().wireName());
      g.writeStringField(RUN_ID, runId);
      g.writeNumberField(SEQ, seq);
      g.writeBooleanField(DRY_RUN, fact.dryRun());
      g.writeStringField(TOOL, tool);
      // Fact keeps its fields in an EnumMap, so this is FactField order whatever order the
      // service put them in: the same fact always has the same bytes.
      for (Map.Entry<FactField, Object> e : fact.fields().entrySet()) {
        g.writeFieldName(e.getKey().wireName());
        writeValue(g, e.getValue());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode fact " + fact.event().wireName(), e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void writeValue(JsonGenerator g, Object value) throws IOException {
    if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Long l) {
      g.writeNumber(l);
    } else if (value instanceof Integer i) {
      g.writeNumber(i);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof List<?> list) {
      g.writeStartArray();
      for (Object item : list) {
        g.writeString((String) item);
      }
      g.writeEndArray();
    } else {
      // Fact's constructor admits only the types above; this guards a future widening.
      throw new IllegalArgumentException("unsupported fact value type " + value.getClass());
    }
  }
}
