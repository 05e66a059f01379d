package io.backupsidecar.archfixture.domain.service;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.function.Supplier;

/** Fixture (violation): Clock.systemUTC(), LocalDateTime.now(Clock) and a method reference. */
public final class ReadsSystemClock {
  Clock clock() {
    return Clock.systemUTC();
  }

  LocalDateTime local() {
    return LocalDateTime.now(Clock.systemDefaultZone());
  }

  Supplier<java.time.Instant> later() {
    return java.time.Instant::now;
  }
}
