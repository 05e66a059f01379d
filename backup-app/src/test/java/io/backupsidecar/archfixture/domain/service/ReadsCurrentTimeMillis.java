package io.backupsidecar.archfixture.domain.service;

/** Fixture (violation): System.currentTimeMillis() in the domain. */
public final class ReadsCurrentTimeMillis {
  long stamp() {
    return System.currentTimeMillis();
  }
}
