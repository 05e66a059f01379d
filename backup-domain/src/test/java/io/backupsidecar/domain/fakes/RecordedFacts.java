package io.backupsidecar.domain.fakes;

import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.port.FactEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The recording {@link FactEmitter}: keeps every fact in memory, in emission order, for assertions.
 * The one recorder of the project; domain, adapter and app tests share it through backup-domain's
 * test-jar. Thread-safe.
 */
public final class RecordedFacts implements FactEmitter {
  private final List<Fact> facts = new ArrayList<>();

  @Override
  public synchronized void emit(Fact fact) {
    facts.add(Objects.requireNonNull(fact, "fact"));
  }

  /** An immutable copy of every fact so far, oldest first. */
  public synchronized List<Fact> all() {
    return List.copyOf(facts);
  }

  /** An immutable copy of the facts of one event, oldest first. */
  public synchronized List<Fact> of(FactEvent event) {
    Objects.requireNonNull(event, "event");
    return facts.stream().filter(f -> f.event() == event).toList();
  }

  /** Forgets what was recorded. */
  public synchronized void clear() {
    facts.clear();
  }
}
