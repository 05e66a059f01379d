package io.backupsidecar.domain.model;

import java.util.Optional;

/** The versions of the sidecar schema {@code backup_meta} (DESIGN §3). */
public enum SchemaVersion implements WireNamed {
  /** switchyard's first version: kind, link destination, mode. */
  V1("backup_meta.v1"),
  /** switchyard's second version: adds {@code payload_hash}. */
  V2("backup_meta.v2"),
  /** Ours: adds hash algorithm, size, owner, mtime and provenance. */
  V3("backup_meta.v3");

  private final String wireName;

  SchemaVersion(String wireName) {
    this.wireName = wireName;
  }

  /** The value of the sidecar's {@code schema} field. */
  public String wireName() {
    return wireName;
  }

  /** The version with this wire name, or empty for an unknown one. */
  public static Optional<SchemaVersion> fromWireName(String name) {
    return WireNamed.lookup(SchemaVersion.class, name);
  }

  /** Parses {@code 1}, {@code 2} or {@code 3} as given on a command line. */
  public static SchemaVersion ofNumber(int number) {
    return switch (number) {
      case 1 -> V1;
      case 2 -> V2;
      case 3 -> V3;
      default ->
          throw new IllegalArgumentException(
              String.format("sidecar version (%d) must be 1, 2 or 3", number));
    };
  }
}
