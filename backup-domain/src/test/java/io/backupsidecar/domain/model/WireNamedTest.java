package io.backupsidecar.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every wire-named enum finds each of its constants by wire name, and nothing else. */
class WireNamedTest {
  @Test
  void each_constant_is_found_by_its_wire_name() {
    for (PriorKind kind : PriorKind.values()) {
      assertEquals(Optional.of(kind), PriorKind.fromWireName(kind.wireName()));
    }
    for (SchemaVersion version : SchemaVersion.values()) {
      assertEquals(Optional.of(version), SchemaVersion.fromWireName(version.wireName()));
    }
    for (Sidecar.Origin origin : Sidecar.Origin.values()) {
      assertEquals(Optional.of(origin), Sidecar.Origin.fromWireName(origin.wireName()));
    }
  }

  @Test
  void an_unknown_constant_name_or_null_is_empty() {
    assertEquals(Optional.empty(), PriorKind.fromWireName("FILE"));
    assertEquals(Optional.empty(), SchemaVersion.fromWireName("backup_meta.v4"));
    assertEquals(Optional.empty(), Sidecar.Origin.fromWireName(null));
    assertEquals(Optional.empty(), WireNamed.lookup(PriorKind.class, ""));
  }
}
