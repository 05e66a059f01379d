package io.backupsidecar.domain.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One structured event the services emit. The envelope ({@code schema_version}, {@code ts}, {@code
 * run_id}, {@code seq}, {@code tool}) is added by the emitter; this holds what the domain knows.
 *
 * @param event which event
 * @param dryRun whether it describes a dry run
 * @param fields the payload, in a stable order; values are {@code String}, {@code Long}, {@code
 *     Integer}, {@code Boolean} or {@code List<String>}
 */
public record Fact(FactEvent event, boolean dryRun, Map<FactField, Object> fields) {
  /** Checks the parts and copies the map, keeping the field order. */
  public Fact {
    Objects.requireNonNull(event, "event");
    EnumMap<FactField, Object> copy = new EnumMap<>(FactField.class);
    for (Map.Entry<FactField, Object> e : fields.entrySet()) {
      copy.put(Objects.requireNonNull(e.getKey()), checkValue(e.getKey(), e.getValue()));
    }
    fields = Collections.unmodifiableMap(copy);
  }

  /** Starts a fact of the given event. */
  public static Builder builder(FactEvent event, boolean dryRun) {
    return new Builder(event, dryRun);
  }

  /** The fields keyed by wire name, in the order of {@link FactField}. */
  public Map<String, Object> wireFields() {
    Map<String, Object> out = new LinkedHashMap<>();
    fields.forEach((k, v) -> out.put(k.wireName(), v));
    return out;
  }

  /** A field's value, or null. */
  public Object get(FactField field) {
    return fields.get(field);
  }

  private static Object checkValue(FactField field, Object value) {
    Objects.requireNonNull(value, field.wireName());
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (!(item instanceof String)) {
          throw new IllegalArgumentException(field.wireName() + " must be a list of strings");
        }
      }
      return List.copyOf(list);
    }
    if (value instanceof String
        || value instanceof Long
        || value instanceof Integer
        || value instanceof Boolean) {
      return value;
    }
    throw new IllegalArgumentException(
        String.format(
            "fact field %s has unsupported type %s", field.wireName(), value.getClass().getName()));
  }

  /** Builds a {@link Fact}; a null value leaves the field out. */
  public static final class Builder {
    private final FactEvent event;
    private final boolean dryRun;
    private final Map<FactField, Object> fields = new EnumMap<>(FactField.class);

    private Builder(FactEvent event, boolean dryRun) {
      this.event = event;
      this.dryRun = dryRun;
    }

    /** Sets a field; null leaves it out. */
    public Builder put(FactField field, Object value) {
      if (value == null) {
        fields.remove(field);
      } else {
        fields.put(field, value);
      }
      return this;
    }

    /** Builds the fact. */
    public Fact build() {
      return new Fact(event, dryRun, fields);
    }
  }
}
