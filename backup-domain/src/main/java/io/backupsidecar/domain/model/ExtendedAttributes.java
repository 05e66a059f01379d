package io.backupsidecar.domain.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The extended attributes of a file, every namespace the process could read ({@code user.*}, {@code
 * trusted.*}, {@code security.*} such as {@code security.capability} and {@code security.selinux},
 * {@code system.posix_acl_access}/{@code _default}), by name, sorted. The values are raw bytes; an
 * ACL or a capability is kept exactly as the kernel gave it.
 */
public final class ExtendedAttributes {
  private static final ExtendedAttributes NONE = new ExtendedAttributes(new TreeMap<>());

  private final SortedMap<String, byte[]> values;

  private ExtendedAttributes(SortedMap<String, byte[]> values) {
    this.values = values;
  }

  /** No attributes (or a backend that has none). */
  public static ExtendedAttributes none() {
    return NONE;
  }

  /** The given attributes, copied. */
  public static ExtendedAttributes of(Map<String, byte[]> values) {
    SortedMap<String, byte[]> copy = new TreeMap<>();
    values.forEach(
        (name, value) ->
            copy.put(
                Objects.requireNonNull(name, "name"),
                Objects.requireNonNull(value, "value").clone()));
    return copy.isEmpty() ? NONE : new ExtendedAttributes(copy);
  }

  /** The names, sorted. */
  public List<String> names() {
    return List.copyOf(values.keySet());
  }

  /** The value of one attribute (a copy), or {@code null}. */
  public byte[] value(String name) {
    byte[] v = values.get(name);
    return v == null ? null : v.clone();
  }

  /** Name to value, sorted by name; the arrays must not be changed. */
  public SortedMap<String, byte[]> asMap() {
    return Collections.unmodifiableSortedMap(values);
  }

  /** Whether there are none. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ExtendedAttributes other) || other.values.size() != values.size()) {
      return false;
    }
    for (Map.Entry<String, byte[]> e : values.entrySet()) {
      if (!Arrays.equals(e.getValue(), other.values.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (Map.Entry<String, byte[]> e : values.entrySet()) {
      h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    return "ExtendedAttributes" + values.keySet();
  }
}
