package io.backupsidecar.adapter.fs.posix;

import io.backupsidecar.adapter.fs.NioNodes;
import io.backupsidecar.domain.contract.DurabilityContract;
import io.backupsidecar.domain.contract.NodeFixture;
import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.Durability;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The POSIX durability (fsync by descriptor, concurrent batches, write-behind) keeps the {@link
 * Durability} contract, also on the POSIX store's own handles on the real filesystem.
 */
class PosixDurabilityContractTest extends DurabilityContract {

  @TempDir Path tempDir;

  @Override
  protected Fixture createFixture() throws IOException {
    PosixBackend backend = new PosixBackend();
    NodeFixture nodes = NioNodes.real(tempDir);
    return new Fixture() {
      @Override
      public Durability durability() {
        return backend.durability();
      }

      @Override
      public boolean flushes() {
        return true;
      }

      @Override
      public ArtifactStore store() {
        return backend.artifactStore();
      }

      @Override
      public NodeFixture nodes() {
        return nodes;
      }
    };
  }
}
