package io.backupsidecar.domain.fakes;

import io.backupsidecar.domain.contract.ArtifactStoreContract;
import io.backupsidecar.domain.contract.NodeFixture;
import io.backupsidecar.domain.port.ArtifactStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/**
 * The fake tree keeps the {@link ArtifactStore} contract the real backends keep: run as root (it
 * may give files away) and, nested, as an unprivileged user (it may not).
 */
class InMemoryNodesStoreTest extends ArtifactStoreContract {

  private final InMemoryNodes tree = new InMemoryNodes(0);

  @Override
  protected NodeFixture createFixture() {
    return new InMemoryNodeFixture(tree, Path.of("/srv/contract"));
  }

  @Override
  protected ArtifactStore createStore() {
    return tree;
  }

  /** The same contract with the process running as uid 1000. */
  @Nested
  class AsAnUnprivilegedUser extends ArtifactStoreContract {

    private final InMemoryNodes userTree = new InMemoryNodes(1000);

    @Override
    protected NodeFixture createFixture() {
      return new InMemoryNodeFixture(userTree, Path.of("/home/user/contract"));
    }

    @Override
    protected ArtifactStore createStore() {
      return userTree;
    }
  }
}
