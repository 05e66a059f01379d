package io.backupsidecar.domain.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.fakes.InMemoryNodes;
import io.backupsidecar.domain.fakes.TestPorts;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Snapshot;
import io.backupsidecar.domain.model.SnapshotEntry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every reader takes the sidecars this tool writes: one size limit, {@link Sidecar#MAX_BYTES}. */
class SidecarSizeTest {
  private static final Path DIR = Path.of("/srv/app");
  private static final Path TARGET = DIR.resolve("labelled");

  private final TestPorts t = new TestPorts();
  private final Services services = Services.wire(t.ports);

  @Test
  void a_sidecar_listing_64_KiB_of_attribute_names_is_read_back() throws Exception {
    InMemoryNodes nodes = t.nodes.file(TARGET, "content");
    // Linux allows 64 KiB of attribute names on one file: 300 names of 230 bytes are about that
    for (int i = 0; i < 300; i++) {
      nodes.xattr(TARGET, String.format("user.%03d.%s", i, "x".repeat(221)), "v");
    }
    Snapshot s = services.snapshots().snapshot(TARGET, Policy.defaults());
    assertTrue(t.nodes.bytes(s.sidecarPath()).length > 64 * 1024, "the premise: over 64 KiB");

    List<SnapshotEntry> entries =
        services.catalog().list(TARGET, Policy.defaults().tag()).committed();
    Sidecar read = services.catalog().readTrusted(entries.get(0), Policy.defaults());

    assertEquals(s.sidecar(), read);
  }
}
