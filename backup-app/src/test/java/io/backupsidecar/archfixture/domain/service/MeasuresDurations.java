package io.backupsidecar.archfixture.domain.service;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;

/** Fixture: allowed time sources (nanoTime for durations, an injected Clock, Date of a value). */
public final class MeasuresDurations {
  private final Clock clock;

  MeasuresDurations(Clock clock) {
    this.clock = clock;
  }

  long elapsed(long startNanos) {
    return System.nanoTime() - startNanos;
  }

  Instant now() {
    return clock.instant();
  }

  Date of(long millis) {
    return new Date(millis);
  }
}
