package io.backupsidecar.domain.fakes;

import io.backupsidecar.domain.contract.NodeFixture;
import io.backupsidecar.domain.contract.NodeInspectorContract;
import io.backupsidecar.domain.port.NodeInspector;
import java.nio.file.Path;

/** The fake tree keeps the {@link NodeInspector} contract the real backends keep. */
class InMemoryNodesInspectorTest extends NodeInspectorContract {

  private final InMemoryNodes tree = new InMemoryNodes(1000);

  @Override
  protected NodeFixture createFixture() {
    return new InMemoryNodeFixture(tree, Path.of("/srv/contract"));
  }

  @Override
  protected NodeInspector createInspector() {
    return tree;
  }
}
