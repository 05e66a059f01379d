package io.backupsidecar.domain.fakes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still until told to move. */
public final class FakeClock extends Clock {
  private Instant now;

  /** A clock at the given instant. */
  public FakeClock(Instant now) {
    this.now = now;
  }

  /** A clock at 2026-11-24T12:00:00Z. */
  public FakeClock() {
    this(Instant.parse("2026-11-24T12:00:00Z"));
  }

  /** Moves the clock forward (or back, with a negative duration). */
  public synchronized FakeClock advance(Duration by) {
    now = now.plus(by);
    return this;
  }

  /** Sets the clock. */
  public synchronized FakeClock set(Instant instant) {
    now = instant;
    return this;
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
