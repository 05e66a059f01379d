package io.backupsidecar.archfixture.domain.service;

/** Fixture (violation): throws a bare RuntimeException. */
public final class ThrowsGenericException {
  void fail() {
    throw new RuntimeException("boom");
  }
}
