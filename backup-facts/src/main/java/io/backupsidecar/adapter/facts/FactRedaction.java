package io.backupsidecar.adapter.facts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.backupsidecar.domain.model.ArtifactName;
import io.backupsidecar.domain.model.BackupName;
import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Redacts facts so that a dry run's facts and a real run's facts can be compared byte for byte
 * (DESIGN §9): everything that legitimately differs between two runs is zeroed or dropped,
 * everything else is kept, so any other difference stays visible.
 *
 * <ul>
 *   <li>{@link FactField.Redaction#STAMP} fields: a number becomes {@code 0}; a backup file name
 *       keeps its target, tag and role but gets stamp 0 ({@code .hosts.backup.1732406400123.bak} →
 *       {@code .hosts.backup.0.bak}); a text that is not a backup name is kept, so the comparison
 *       shows it.
 *   <li>{@link FactField.Redaction#DROP} fields (durations) are removed.
 *   <li>Envelope (lines only): {@code ts} becomes {@code 1970-01-01T00:00:00.000Z}, {@code run_id}
 *       {@code ""}, {@code seq} {@code 0}; {@code schema_version}, {@code event} and {@code tool}
 *       are kept.
 *   <li>{@code dry_run} becomes {@code false}: it is the one flag that must differ.
 * </ul>
 *
 * <p>Redacted output is a comparison key, not a fact: it does not match the facts schema.
 */
public final class FactRedaction {
  private FactRedaction() {}

  /** The fact with stamps zeroed, durations dropped and {@code dryRun} false. */
  public static Fact redact(Fact fact) {
    Objects.requireNonNull(fact, "fact");
    Fact.Builder out = Fact.builder(fact.event(), false);
    for (Map.Entry<FactField, Object> e : fact.fields().entrySet()) {
      switch (e.getKey().redaction()) {
        case KEEP -> out.put(e.getKey(), e.getValue());
        case STAMP -> out.put(e.getKey(), zeroStampValue(e.getValue()));
        case DROP -> {}
        default -> throw new IllegalStateException("unknown redaction " + e.getKey().redaction());
      }
    }
    return out.build();
  }

  /**
   * Redacts one serialized fact line (as written by {@link JsonLinesFactEmitter}), keeping the
   * order of its fields. A trailing line terminator is accepted; the result has none. Fields this
   * version does not know are kept as they are.
   *
   * @throws IllegalArgumentException if the line is not one JSON object
   */
  public static String redactLine(String line) {
    Objects.requireNonNull(line, "line");
    JsonNode node;
    try {
      node = FactLines.MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          String.format("fact line (%s) is not JSON: %s", line.strip(), e.getOriginalMessage()), e);
    }
    if (!(node instanceof ObjectNode object)) {
      throw new IllegalArgumentException(
          String.format("fact line (%s) is not a JSON object", line.strip()));
    }
    // replace() keeps a field's position, so field order survives redaction.
    replaceIfPresent(object, FactLines.TS, TextNode.valueOf(FactLines.ZERO_TIMESTAMP));
    replaceIfPresent(object, FactLines.RUN_ID, TextNode.valueOf(""));
    replaceIfPresent(object, FactLines.SEQ, IntNode.valueOf(0));
    replaceIfPresent(
        object, FactLines.DRY_RUN, FactLines.MAPPER.getNodeFactory().booleanNode(false));
    for (FactField field : FactField.values()) {
      JsonNode value = object.get(field.wireName());
      if (value == null) {
        continue;
      }
      switch (field.redaction()) {
        case KEEP -> {}
        case STAMP -> object.replace(field.wireName(), zeroStampNode(value));
        case DROP -> object.remove(field.wireName());
        default -> throw new IllegalStateException("unknown redaction " + field.redaction());
      }
    }
    try {
      return FactLines.MAPPER.writeValueAsString(object);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot re-encode a parsed fact line", e);
    }
  }

  private static void replaceIfPresent(ObjectNode object, String name, JsonNode value) {
    if (object.has(name)) {
      object.replace(name, value);
    }
  }

  private static Object zeroStampValue(Object value) {
    if (value instanceof Long) {
      return 0L;
    }
    if (value instanceof Integer) {
      return 0;
    }
    if (value instanceof String s) {
      return zeroStampInName(s);
    }
    if (value instanceof List<?> list) {
      List<String> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(zeroStampInName((String) item));
      }
      return out;
    }
    // Booleans carry no stamp.
    return value;
  }

  private static JsonNode zeroStampNode(JsonNode value) {
    if (value.isNumber()) {
      return IntNode.valueOf(0);
    }
    if (value.isTextual()) {
      return TextNode.valueOf(zeroStampInName(value.textValue()));
    }
    if (value instanceof ArrayNode array) {
      ArrayNode out = FactLines.MAPPER.createArrayNode();
      array.forEach(item -> out.add(zeroStampNode(item)));
      return out;
    }
    return value;
  }

  /** Zeroes the stamp of an artifact file name; BackupName is the one parser of such names. */
  static String zeroStampInName(String fileName) {
    return BackupName.parse(fileName)
        .map(a -> new ArtifactName(a.name().withStamp(0), a.role()).fileName())
        .orElse(fileName);
  }
}
