package io.backupsidecar.domain.port;

import io.backupsidecar.domain.model.Fact;

/**
 * Receives every fact the services produce, in order. An emitter must not block for long and must
 * not throw for a fact it cannot deliver; it reports that in its own way (a sink that cannot write
 * throws {@link java.io.UncheckedIOException}, which the services let through only after the
 * operation it describes is complete).
 */
@FunctionalInterface
public interface FactEmitter {

  /** Handles one fact. */
  void emit(Fact fact);

  /** An emitter that drops every fact. */
  static FactEmitter none() {
    return fact -> {};
  }
}
