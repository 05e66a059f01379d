package io.backupsidecar.adapter.fs;

import io.backupsidecar.domain.contract.HasherContract;
import io.backupsidecar.domain.port.Hasher;

/** The JDK-backed hasher keeps the {@link Hasher} contract (vectors, buffers, pieces, reuse). */
class Sha256HasherTest extends HasherContract {
  @Override
  protected Hasher hasher() {
    return new Sha256Hasher();
  }
}
