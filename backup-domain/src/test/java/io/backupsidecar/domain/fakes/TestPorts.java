package io.backupsidecar.domain.fakes;

import io.backupsidecar.domain.service.Ports;

/** Wires the domain's fakes into {@link Ports}. */
public final class TestPorts {
  public final InMemoryNodes nodes;
  public final FakeClock clock;
  public final RecordedFacts facts = new RecordedFacts();
  public final Ports ports;

  /** Fakes with the process running as root. */
  public TestPorts() {
    this(new InMemoryNodes(), new FakeClock());
  }

  /** Fakes around the given tree and clock. */
  public TestPorts(InMemoryNodes nodes, FakeClock clock) {
    this.nodes = nodes;
    this.clock = clock;
    this.ports =
        new Ports(
            nodes,
            nodes,
            nodes,
            new Sha256(),
            new TextSidecarCodec(),
            facts,
            clock,
            "backup/test",
            nodes.processUid());
  }
}
