package io.backupsidecar.archfixture.app;

import io.backupsidecar.archfixture.adapter.fs.FsStore;
import io.backupsidecar.archfixture.domain.port.Store;

/** Fixture: the composition root wiring an adapter (allowed). */
public final class Wiring {
  Store store() {
    return new FsStore();
  }
}
