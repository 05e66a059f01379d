package io.backupsidecar.archfixture.adapter.fs;

import io.backupsidecar.archfixture.domain.port.Store;

/** Fixture: a clean adapter implementing a port. */
public final class FsStore implements Store {
  @Override
  public Entry get(String name) {
    return new Entry(name);
  }
}
