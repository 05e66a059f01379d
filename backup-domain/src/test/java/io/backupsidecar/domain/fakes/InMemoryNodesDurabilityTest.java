package io.backupsidecar.domain.fakes;

import io.backupsidecar.domain.contract.DurabilityContract;
import io.backupsidecar.domain.contract.NodeFixture;
import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.Durability;
import java.nio.file.Path;

/** The fake tree's durability (the port's defaults, through its handles) keeps the contract. */
class InMemoryNodesDurabilityTest extends DurabilityContract {

  @Override
  protected Fixture createFixture() {
    InMemoryNodes tree = new InMemoryNodes();
    NodeFixture nodes = new InMemoryNodeFixture(tree, Path.of("/srv/contract"));
    return new Fixture() {
      @Override
      public Durability durability() {
        return tree;
      }

      @Override
      public boolean flushes() {
        return true;
      }

      @Override
      public ArtifactStore store() {
        return tree;
      }

      @Override
      public NodeFixture nodes() {
        return nodes;
      }
    };
  }
}
