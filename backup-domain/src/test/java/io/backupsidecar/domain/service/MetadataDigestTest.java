package io.backupsidecar.domain.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.fakes.InMemoryNodes;
import io.backupsidecar.domain.fakes.TestPorts;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.RestoreOptions;
import io.backupsidecar.domain.model.RestoreOutcome;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Snapshot;
import io.backupsidecar.domain.model.VerifySummary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole prior state: extended attributes travel into the payload and back, the v3 sidecar
 * records their names and a digest of the metadata set, and tampered metadata is refused like
 * tampered bytes.
 */
class MetadataDigestTest {
  private static final Path DIR = Path.of("/usr/bin");
  private static final Path TARGET = DIR.resolve("ping");

  private final TestPorts t = new TestPorts();
  private final Services services = Services.wire(t.ports);

  private Snapshot snapshotWithAttributes() throws BackupException {
    t.nodes
        .file(TARGET, "elf")
        .xattr(TARGET, "security.capability", "cap_net_raw+ep")
        .xattr(TARGET, "user.origin", "debian");
    return services.snapshots().snapshot(TARGET, Policy.defaults());
  }

  @Test
  void the_sidecar_records_the_attribute_names_and_a_digest() throws Exception {
    Snapshot s = snapshotWithAttributes();
    Sidecar.PriorFile prior = (Sidecar.PriorFile) s.sidecar().prior();
    assertEquals(List.of("security.capability", "user.origin"), prior.xattrs());
    assertNotNull(prior.metadataHash());
    InMemoryNodes.File payload = (InMemoryNodes.File) t.nodes.get(s.payload());
    assertEquals(
        "cap_net_raw+ep",
        new String(payload.xattrs.get("security.capability"), StandardCharsets.UTF_8));
  }

  @Test
  void a_restore_puts_the_attributes_back() throws Exception {
    snapshotWithAttributes();
    t.nodes.file(TARGET, "changed");
    assertInstanceOf(
        RestoreOutcome.Restored.class,
        services
            .restores()
            .restore(TARGET, Selection.latest(), Policy.defaults(), RestoreOptions.defaults()));
    InMemoryNodes.File restored = (InMemoryNodes.File) t.nodes.get(TARGET);
    assertEquals(
        "cap_net_raw+ep",
        new String(restored.xattrs.get("security.capability"), StandardCharsets.UTF_8));
    assertEquals("debian", new String(restored.xattrs.get("user.origin"), StandardCharsets.UTF_8));
  }

  @Test
  void a_tampered_attribute_on_the_payload_is_refused_by_restore_and_reported_by_verify()
      throws Exception {
    Snapshot s = snapshotWithAttributes();
    t.nodes.file(TARGET, "changed");
    ((InMemoryNodes.File) t.nodes.get(s.payload()))
        .xattrs.put("security.capability", "cap_sys_admin+ep".getBytes(StandardCharsets.UTF_8));

    BackupException e =
        assertThrows(
            BackupException.class,
            () ->
                services
                    .restores()
                    .restore(
                        TARGET, Selection.latest(), Policy.defaults(), RestoreOptions.defaults()));
    assertEquals(ErrorId.E_RESTORE_FAILED, e.id());
    assertTrue(e.getMessage().contains("metadata"), e.getMessage());
    assertEquals("changed", InMemoryNodes.text(t.nodes.bytes(TARGET)), "target untouched");

    VerifySummary summary = services.verifier().verify(List.of(TARGET), Policy.defaults(), f -> {});
    assertFalse(summary.allSound());
    assertTrue(
        summary.damaged().get(0).problems().get(0).contains("metadata"),
        summary.damaged().toString());
  }

  @Test
  void an_added_attribute_on_the_payload_is_damage_too() throws Exception {
    Snapshot s = snapshotWithAttributes();
    ((InMemoryNodes.File) t.nodes.get(s.payload()))
        .xattrs.put("user.planted", "x".getBytes(StandardCharsets.UTF_8));
    VerifySummary summary = services.verifier().verify(List.of(TARGET), Policy.defaults(), f -> {});
    assertFalse(summary.allSound(), "a planted attribute would be restored: damage");
  }

  @Test
  void relaxed_integrity_restores_despite_tampered_metadata() throws Exception {
    Snapshot s = snapshotWithAttributes();
    t.nodes.file(TARGET, "changed");
    ((InMemoryNodes.File) t.nodes.get(s.payload()))
        .xattrs.put("user.origin", "elsewhere".getBytes(StandardCharsets.UTF_8));
    Policy relaxed = Policy.defaults().toBuilder().requireSidecarIntegrity(false).build();
    assertInstanceOf(
        RestoreOutcome.Restored.class,
        services
            .restores()
            .restore(TARGET, Selection.latest(), relaxed, RestoreOptions.defaults()));
    assertEquals("elf", InMemoryNodes.text(t.nodes.bytes(TARGET)));
  }

  @Test
  void a_file_without_attributes_records_no_digest() throws Exception {
    t.nodes.file(TARGET, "plain");
    Snapshot s = services.snapshots().snapshot(TARGET, Policy.defaults());
    Sidecar.PriorFile prior = (Sidecar.PriorFile) s.sidecar().prior();
    assertEquals(List.of(), prior.xattrs());
    assertEquals(null, prior.metadataHash());
  }
}
