package io.backupsidecar.adapter.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backupsidecar.domain.contract.FactEmitterContract;
import io.backupsidecar.domain.fakes.RecordedFacts;
import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.port.FactEmitter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The fan-out keeps the {@link FactEmitter} contract towards each of its emitters. */
class FanOutFactEmitterTest extends FactEmitterContract {

  @Override
  protected Fixture newFixture() {
    RecordedFacts first = new RecordedFacts();
    RecordedFacts second = new RecordedFacts();
    FactEmitter fanOut = FanOutFactEmitter.of(first, second);
    return new Fixture() {
      @Override
      public FactEmitter emitter() {
        return fanOut;
      }

      /**
       * What reached the last emitter, provided the first received the same facts (threads emitting
       * at once may reach the two in different interleavings); else nothing.
       */
      @Override
      public List<Delivered> delivered() {
        List<Fact> last = second.all();
        return counts(first.all()).equals(counts(last))
            ? last.stream().map(Delivered::of).toList()
            : List.of();
      }
    };
  }

  private static Map<Fact, Long> counts(List<Fact> facts) {
    return facts.stream().collect(Collectors.groupingBy(f -> f, Collectors.counting()));
  }

  @Test
  void hands_each_fact_to_every_emitter_in_order() {
    List<String> calls = new ArrayList<>();
    FactEmitter first = f -> calls.add("first " + f.event().wireName());
    FactEmitter second = f -> calls.add("second " + f.event().wireName());

    FanOutFactEmitter.of(first, second).emit(SampleFacts.pruneResult());

    assertEquals(List.of("first prune.result", "second prune.result"), calls);
  }

  @Test
  void a_failing_emitter_does_not_starve_the_others_and_its_failure_is_rethrown() {
    UncheckedIOException diskFull =
        new UncheckedIOException(new IOException("No space left on device"));
    IllegalStateException alsoBroken = new IllegalStateException("broken");
    RecordedFacts recorder = new RecordedFacts();
    FactEmitter fanOut =
        FanOutFactEmitter.of(
            f -> {
              throw diskFull;
            },
            recorder,
            f -> {
              throw alsoBroken;
            });

    UncheckedIOException thrown =
        assertThrows(UncheckedIOException.class, () -> fanOut.emit(SampleFacts.pruneResult()));

    assertSame(diskFull, thrown);
    assertEquals(List.of(alsoBroken), List.of(thrown.getSuppressed()));
    assertEquals(List.<Fact>of(SampleFacts.pruneResult()), recorder.all());
  }

  @Test
  void refuses_a_missing_emitter_up_front() {
    assertThrows(NullPointerException.class, () -> FanOutFactEmitter.of(new RecordedFacts(), null));
  }
}
