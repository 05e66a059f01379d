package io.backupsidecar.domain.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.fakes.InMemoryNodes;
import io.backupsidecar.domain.fakes.Sha256;
import io.backupsidecar.domain.fakes.TestPorts;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.model.FactField;
import io.backupsidecar.domain.model.GuardOutcome;
import io.backupsidecar.domain.model.Policy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuardServiceTest {
  private static final Path A = Path.of("/srv/a.conf");
  private static final Path B = Path.of("/srv/b.conf");
  private static final Path C = Path.of("/srv/new.conf");

  private final TestPorts t = new TestPorts();
  private final GuardService guard = Services.wire(t.ports).guard();

  @Test
  void a_successful_mutation_commits_and_reports_before_and_after_hashes() throws Exception {
    t.nodes.file(A, "before");
    GuardOutcome outcome =
        guard.apply(List.of(A), Policy.defaults(), () -> t.nodes.file(A, "after"));
    assertInstanceOf(GuardOutcome.Committed.class, outcome);
    assertEquals("after", InMemoryNodes.text(t.nodes.bytes(A)));
    Fact fact = t.facts.of(FactEvent.APPLY_RESULT).get(0);
    assertEquals("committed", fact.get(FactField.OUTCOME));
    assertEquals(Sha256.of("before").hex(), fact.get(FactField.BEFORE_HASH));
    assertEquals(Sha256.of("after").hex(), fact.get(FactField.AFTER_HASH));
    assertEquals(true, fact.get(FactField.BACKUP_DURABLE));
  }

  @Test
  void a_failed_mutation_rolls_every_target_back_in_reverse_order() throws Exception {
    t.nodes.file(A, "a0").file(B, "b0");
    GuardOutcome outcome =
        guard.apply(
            List.of(A, B, C),
            Policy.defaults(),
            () -> {
              t.nodes.file(A, "a1").remove(B).file(C, "created");
              throw new IllegalStateException("boom");
            });
    GuardOutcome.RolledBack rolledBack = assertInstanceOf(GuardOutcome.RolledBack.class, outcome);
    assertTrue(rolledBack.fullyRolledBack());
    assertEquals(List.of(C, B, A), rolledBack.restored());
    assertEquals("a0", InMemoryNodes.text(t.nodes.bytes(A)));
    assertEquals("b0", InMemoryNodes.text(t.nodes.bytes(B)));
    assertNull(t.nodes.get(C));
    assertEquals(ErrorId.E_MUTATION_FAILED, rolledBack.toException().id());
    assertTrue(rolledBack.toException().getMessage().contains("boom"));
    List<String> outcomes = new ArrayList<>();
    for (Fact f : t.facts.of(FactEvent.APPLY_RESULT)) {
      outcomes.add((String) f.get(FactField.OUTCOME));
    }
    assertEquals(List.of("rolled_back", "rolled_back", "rolled_back"), outcomes);
  }

  @Test
  void a_rollback_that_cannot_complete_says_which_target_was_not_restored() throws Exception {
    t.nodes.file(A, "a0").file(B, "b0");
    GuardOutcome outcome =
        guard.apply(
            List.of(A, B),
            Policy.defaults(),
            () -> {
              t.nodes.file(A, "a1").file(B, "b1");
              t.nodes.failWhen(op -> op.startsWith("move") && op.endsWith(B.toString()));
              throw new RuntimeException("boom");
            });
    GuardOutcome.RolledBack rolledBack = (GuardOutcome.RolledBack) outcome;
    assertEquals(List.of(A), rolledBack.restored());
    assertEquals(ErrorId.E_RESTORE_FAILED, rolledBack.notRestored().get(B).id());
    assertEquals("a0", InMemoryNodes.text(t.nodes.bytes(A)));
    assertTrue(rolledBack.toException().getMessage().contains("NOT rolled back"));
  }
}
