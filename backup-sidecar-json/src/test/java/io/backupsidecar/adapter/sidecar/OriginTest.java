package io.backupsidecar.adapter.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.FileMode;
import io.backupsidecar.domain.model.SchemaVersion;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SidecarFormatException;
import io.backupsidecar.domain.model.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OriginTest {
  private final JacksonSidecarCodec codec = new JacksonSidecarCodec();

  private static Sidecar v3(Sidecar.Origin origin) {
    return new Sidecar(
        SchemaVersion.V3,
        new Sidecar.PriorFile(
            FileMode.regular(0644),
            new ContentHash("a".repeat(64)),
            3L,
            0,
            0,
            Instant.parse("2026-01-01T00:00:00Z")),
        new Sidecar.Provenance(
            Instant.parse("2026-11-24T12:00:00Z"), Tag.DEFAULT, "hosts", "backup/test", origin));
  }

  @Test
  void a_restore_capture_says_so_and_reads_back_as_one() throws Exception {
    byte[] json = codec.encode(v3(Sidecar.Origin.RESTORE_CAPTURE));
    String text = new String(json, StandardCharsets.UTF_8);
    assertTrue(text.endsWith("\"origin\": \"restore_capture\"\n}"), text);
    assertTrue(codec.decode(json, "s").isRestoreCapture());
    assertEquals(List.of(), SchemaCheck.errors(json));
  }

  @Test
  void an_ordinary_snapshot_leaves_origin_implicit() throws Exception {
    byte[] json = codec.encode(v3(Sidecar.Origin.SNAPSHOT));
    assertFalse(new String(json, StandardCharsets.UTF_8).contains("origin"));
    assertEquals(v3(Sidecar.Origin.SNAPSHOT), codec.decode(json, "s"));
  }

  @Test
  void an_unknown_origin_is_refused_naming_the_file() {
    String json =
        new String(codec.encode(v3(Sidecar.Origin.RESTORE_CAPTURE)), StandardCharsets.UTF_8)
            .replace("restore_capture", "whim");
    SidecarFormatException e =
        assertThrows(
            SidecarFormatException.class,
            () -> codec.decode(json.getBytes(StandardCharsets.UTF_8), "/etc/.hosts.meta"));
    assertTrue(e.getMessage().contains("/etc/.hosts.meta"), e.getMessage());
    assertFalse(SchemaCheck.errors(json.getBytes(StandardCharsets.UTF_8)).isEmpty());
  }
}
