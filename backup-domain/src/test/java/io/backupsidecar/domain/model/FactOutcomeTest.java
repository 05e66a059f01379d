package io.backupsidecar.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FactOutcomeTest {

  @Test
  void every_outcome_is_found_by_its_wire_name_in_snake_case() {
    for (FactOutcome outcome : FactOutcome.values()) {
      assertTrue(outcome.wireName().matches("[a-z][a-z_]*"), outcome.wireName());
      assertEquals(outcome.name().toLowerCase(Locale.ROOT), outcome.wireName());
      assertEquals(Optional.of(outcome), FactOutcome.fromWireName(outcome.wireName()));
    }
  }

  @Test
  void an_unknown_or_missing_wire_name_is_no_outcome() {
    assertEquals(Optional.empty(), FactOutcome.fromWireName("planned"));
    assertEquals(Optional.empty(), FactOutcome.fromWireName("CREATED"));
    assertEquals(Optional.empty(), FactOutcome.fromWireName(null));
  }
}
