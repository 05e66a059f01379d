package io.backupsidecar.domain.fakes;

import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.port.FactEmitter;
import java.util.ArrayList;
import java.util.List;

/** Records facts in memory for assertions. */
public final class RecordedFacts implements FactEmitter {
  private final List<Fact> facts = new ArrayList<>();

  @Override
  public synchronized void emit(Fact fact) {
    facts.add(fact);
  }

  /** Every fact so far. */
  public synchronized List<Fact> all() {
    return List.copyOf(facts);
  }

  /** The facts of one event. */
  public synchronized List<Fact> of(FactEvent event) {
    return facts.stream().filter(f -> f.event() == event).toList();
  }

  /** Forgets what was recorded. */
  public synchronized void clear() {
    facts.clear();
  }
}
