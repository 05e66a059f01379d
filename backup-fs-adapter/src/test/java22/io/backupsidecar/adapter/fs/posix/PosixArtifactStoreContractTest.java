package io.backupsidecar.adapter.fs.posix;

import io.backupsidecar.adapter.fs.NioNodes;
import io.backupsidecar.domain.contract.ArtifactStoreContract;
import io.backupsidecar.domain.contract.NodeFixture;
import io.backupsidecar.domain.port.ArtifactStore;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract held by the POSIX store on the real filesystem: as it runs (unnamed {@code
 * O_TMPFILE} inodes, reflinks where the filesystem shares extents), and with both turned off, as on
 * a filesystem without them (files created under their provisional name).
 */
class PosixArtifactStoreContractTest extends ArtifactStoreContract {

  @TempDir Path tempDir;

  @Override
  protected NodeFixture createFixture() throws IOException {
    return NioNodes.real(tempDir);
  }

  @Override
  protected ArtifactStore createStore() {
    return new PosixBackend().artifactStore();
  }

  /** The same contract without {@code O_TMPFILE} or reflinks. */
  @Nested
  class WithoutTmpfileOrReflink extends ArtifactStoreContract {

    @TempDir Path nestedDir;

    @Override
    protected NodeFixture createFixture() throws IOException {
      return NioNodes.real(nestedDir);
    }

    @Override
    protected ArtifactStore createStore() {
      return new PosixArtifactStore(false, false);
    }
  }
}
