package io.backupsidecar.adapter.facts;

import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.port.FactEmitter;
import java.util.List;
import java.util.Objects;

/**
 * Hands each fact to several emitters in the order given, for example a facts file and a host's own
 * emitter.
 *
 * <p>Every emitter receives every fact even when an earlier one throws: a full disk under the facts
 * file must not also blind the host. The first failure is then rethrown, with any later ones
 * attached as suppressed exceptions.
 */
public final class FanOutFactEmitter implements FactEmitter {
  private final List<FactEmitter> emitters;

  private FanOutFactEmitter(List<FactEmitter> emitters) {
    this.emitters = emitters;
  }

  /** An emitter that forwards to {@code emitters}, in this order. */
  public static FanOutFactEmitter of(FactEmitter... emitters) {
    return of(List.of(emitters));
  }

  /** An emitter that forwards to {@code emitters}, in list order. */
  public static FanOutFactEmitter of(List<? extends FactEmitter> emitters) {
    // List.copyOf rejects null elements, so a missing emitter fails here, not mid-run.
    return new FanOutFactEmitter(List.copyOf(emitters));
  }

  @Override
  public void emit(Fact fact) {
    Objects.requireNonNull(fact, "fact");
    RuntimeException first = null;
    for (FactEmitter emitter : emitters) {
      try {
        emitter.emit(fact);
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
