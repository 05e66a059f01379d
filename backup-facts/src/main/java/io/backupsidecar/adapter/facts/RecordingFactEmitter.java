package io.backupsidecar.adapter.facts;

import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.port.FactEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Keeps every fact in memory, in emission order, for hosts that inspect facts and for tests. */
public final class RecordingFactEmitter implements FactEmitter {
  private final List<Fact> facts = new ArrayList<>();

  /** Creates an empty recorder. */
  public RecordingFactEmitter() {}

  @Override
  public synchronized void emit(Fact fact) {
    facts.add(Objects.requireNonNull(fact, "fact"));
  }

  /** An immutable copy of the facts recorded so far, oldest first. */
  public synchronized List<Fact> facts() {
    return List.copyOf(facts);
  }

  /** An immutable copy of the recorded facts of one event, oldest first. */
  public synchronized List<Fact> facts(FactEvent event) {
    Objects.requireNonNull(event, "event");
    return facts.stream().filter(f -> f.event() == event).toList();
  }

  /** Forgets every recorded fact. */
  public synchronized void clear() {
    facts.clear();
  }
}
