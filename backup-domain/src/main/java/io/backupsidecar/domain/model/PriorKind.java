package io.backupsidecar.domain.model;

import java.util.Optional;

/** The kind of node a snapshot recorded, as written in a sidecar's {@code prior_kind}. */
public enum PriorKind implements WireNamed {
  /** A regular file; the payload is a byte copy. */
  FILE("file"),
  /** A symlink; the payload is a symlink with the same raw destination. */
  SYMLINK("symlink"),
  /** Nothing was there; the payload is an empty tombstone. */
  NONE("none");

  private final String wireName;

  PriorKind(String wireName) {
    this.wireName = wireName;
  }

  /** The value written in sidecars and facts. */
  public String wireName() {
    return wireName;
  }

  /** The kind with this wire name, or empty for an unknown one. */
  public static Optional<PriorKind> fromWireName(String name) {
    return WireNamed.lookup(PriorKind.class, name);
  }
}
