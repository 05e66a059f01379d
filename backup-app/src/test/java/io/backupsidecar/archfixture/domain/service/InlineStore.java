package io.backupsidecar.archfixture.domain.service;

import io.backupsidecar.archfixture.domain.port.Store;

/** Fixture (violation): a port implemented inside the domain. */
public final class InlineStore implements Store {
  @Override
  public Entry get(String name) {
    return new Entry(name);
  }
}
