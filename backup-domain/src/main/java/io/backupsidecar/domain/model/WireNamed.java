package io.backupsidecar.domain.model;

import java.util.Optional;

/**
 * A constant with a stable name on the wire (in sidecars and facts), and the one lookup from that
 * name back to the constant that every such enum shares.
 */
public interface WireNamed {
  /** The name written on the wire. */
  String wireName();

  /**
   * The constant of {@code type} with this wire name, or empty for an unknown one (or {@code
   * null}).
   */
  static <E extends Enum<E> & WireNamed> Optional<E> lookup(Class<E> type, String name) {
    for (E constant : type.getEnumConstants()) {
      if (constant.wireName().equals(name)) {
        return Optional.of(constant);
      }
    }
    return Optional.empty();
  }
}
