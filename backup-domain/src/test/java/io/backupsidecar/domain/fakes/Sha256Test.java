package io.backupsidecar.domain.fakes;

import io.backupsidecar.domain.contract.HasherContract;
import io.backupsidecar.domain.port.Hasher;

/** The domain tests' hasher keeps the {@link Hasher} contract. */
class Sha256Test extends HasherContract {
  @Override
  protected Hasher hasher() {
    return new Sha256();
  }
}
