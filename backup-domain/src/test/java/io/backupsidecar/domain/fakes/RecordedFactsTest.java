package io.backupsidecar.domain.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backupsidecar.domain.contract.FactEmitterContract;
import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.model.FactField;
import io.backupsidecar.domain.port.FactEmitter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recorder keeps the {@link FactEmitter} contract, and filters, copies and forgets. */
class RecordedFactsTest extends FactEmitterContract {

  @Override
  protected Fixture newFixture() {
    RecordedFacts recorder = new RecordedFacts();
    return new Fixture() {
      @Override
      public FactEmitter emitter() {
        return recorder;
      }

      @Override
      public List<Delivered> delivered() {
        return recorder.all().stream().map(Delivered::of).toList();
      }
    };
  }

  @Test
  void filters_by_event_keeping_order() {
    RecordedFacts recorder = new RecordedFacts();
    recorder.emit(fact(FactEvent.SNAPSHOT_RESULT, "/a"));
    recorder.emit(fact(FactEvent.PRUNE_RESULT, "/b"));
    recorder.emit(fact(FactEvent.SNAPSHOT_RESULT, "/c"));

    assertEquals(
        List.of(fact(FactEvent.SNAPSHOT_RESULT, "/a"), fact(FactEvent.SNAPSHOT_RESULT, "/c")),
        recorder.of(FactEvent.SNAPSHOT_RESULT));
    assertEquals(List.of(), recorder.of(FactEvent.APPLY_RESULT));
  }

  @Test
  void returned_list_is_an_immutable_snapshot() {
    RecordedFacts recorder = new RecordedFacts();
    recorder.emit(fact(FactEvent.PRUNE_RESULT, "/a"));
    List<Fact> seen = recorder.all();
    List<Fact> pruned = recorder.of(FactEvent.PRUNE_RESULT);

    recorder.emit(fact(FactEvent.PRUNE_RESULT, "/b"));

    assertEquals(1, seen.size());
    assertEquals(1, pruned.size());
    assertThrows(
        UnsupportedOperationException.class, () -> seen.add(fact(FactEvent.PRUNE_RESULT, "/c")));
    assertThrows(
        UnsupportedOperationException.class, () -> pruned.add(fact(FactEvent.PRUNE_RESULT, "/c")));
  }

  @Test
  void clear_forgets_every_fact() {
    RecordedFacts recorder = new RecordedFacts();
    recorder.emit(fact(FactEvent.PRUNE_RESULT, "/a"));

    recorder.clear();

    assertEquals(List.of(), recorder.all());
  }

  private static Fact fact(FactEvent event, String path) {
    return Fact.builder(event, false).put(FactField.PATH, path).build();
  }
}
