package io.backupsidecar.archfixture.domain.service;

import java.time.Instant;

/** Fixture (violation): Instant.now() in the domain. */
public final class ReadsWallClock {
  Instant stamp() {
    return Instant.now();
  }
}
