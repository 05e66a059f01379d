package io.backupsidecar.adapter.sidecar;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.model.FileMode;
import io.backupsidecar.domain.model.SchemaVersion;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Sidecar.PriorFile;
import io.backupsidecar.domain.model.Sidecar.PriorNone;
import io.backupsidecar.domain.model.Sidecar.PriorSymlink;
import io.backupsidecar.domain.model.Sidecar.Provenance;
import io.backupsidecar.domain.model.SidecarFormatException;
import io.backupsidecar.domain.model.Tag;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The codec against what switchyard writes and reads (issue 12): its writer's bytes for each kind,
 * its reader's tolerance, and a {@code payload_hash} kept whatever the schema says.
 */
class SwitchyardSidecarTest {
  private static final Provenance PROVENANCE =
      new Provenance(
          Instant.parse("2025-11-24T23:31:07Z"), Tag.SWITCHYARD, "hosts", "backup/0.1.0");

  private final JacksonSidecarCodec codec = new JacksonSidecarCodec();

  private String asSwitchyardWrites(Sidecar.Prior prior) {
    Sidecar ours = new Sidecar(SchemaVersion.V3, prior, PROVENANCE);
    return new String(codec.encode(ours.withVersion(SchemaVersion.V2)), UTF_8);
  }

  @Test
  void sidecar_version_2_writes_v2_only_for_a_hashed_file_as_switchyard_does() {
    PriorFile file =
        new PriorFile(
            FileMode.regular(0755), Goldens.HELLO, 5L, 0, 0, Instant.parse("2025-01-01T00:00:00Z"));

    assertEquals(new String(Goldens.bytes("v2-file.json"), UTF_8), asSwitchyardWrites(file));
  }

  @Test
  void sidecar_version_2_writes_v1_for_a_symlink_byte_for_byte() {
    assertEquals(
        new String(Goldens.bytes("v1-symlink.json"), UTF_8),
        asSwitchyardWrites(new PriorSymlink("../../bin")));
  }

  @Test
  void sidecar_version_2_writes_v1_for_an_absent_target_byte_for_byte() {
    assertEquals(
        new String(Goldens.bytes("v1-none.json"), UTF_8), asSwitchyardWrites(new PriorNone()));
  }

  @Test
  void sidecar_version_2_writes_v1_for_a_file_without_hash() {
    Sidecar v2 =
        new Sidecar(
            SchemaVersion.V2,
            new PriorFile(FileMode.regular(0644), null, null, null, null, null),
            null);

    assertEquals(
        new String(Goldens.bytes("v1-file.json"), UTF_8),
        new String(codec.encode(v2.withVersion(SchemaVersion.V2)), UTF_8));
  }

  @Test
  void a_payload_hash_in_a_v1_sidecar_is_kept_and_written_back() throws Exception {
    Sidecar s = codec.decode(Goldens.bytes("v1-file-hash.json"), "v1-file-hash.json");

    assertEquals(SchemaVersion.V1, s.schema());
    assertEquals(Goldens.HELLO, ((PriorFile) s.prior()).payloadHash());
    assertEquals(
        new String(Goldens.bytes("v1-file-hash.json"), UTF_8), new String(codec.encode(s), UTF_8));
  }

  @Test
  void null_in_switchyards_optional_fields_reads_as_absent_like_serde() throws Exception {
    String v2 =
        "{\"schema\":\"backup_meta.v2\",\"prior_kind\":\"file\",\"mode\":\"100644\","
            + "\"payload_hash\":null,\"prior_dest\":null}";
    String none =
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"none\",\"mode\":null,"
            + "\"payload_hash\":null}";

    assertNull(((PriorFile) codec.decode(v2.getBytes(UTF_8), "v2").prior()).payloadHash());
    assertEquals(new PriorNone(), codec.decode(none.getBytes(UTF_8), "none").prior());
  }

  @Test
  void a_sidecar_switchyard_would_accept_but_never_writes_is_a_clear_error_naming_the_file() {
    String[] refused = {
      // a schema switchyard does not check, but no writer of ours or its writes
      "{\"schema\":\"backup_meta.v9\",\"prior_kind\":\"none\"}",
      // nothing to restore a file's mode from, nor a link's destination
      "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"file\"}",
      "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"symlink\",\"prior_dest\":null}"
    };
    for (String json : refused) {
      SidecarFormatException e =
          assertThrows(
              SidecarFormatException.class,
              () -> codec.decode(json.getBytes(UTF_8), "/etc/.hosts.switchyard.1.bak.meta.json"));
      assertTrue(e.getMessage().contains("/etc/.hosts.switchyard.1.bak.meta.json"), e.getMessage());
    }
  }

  @Test
  void reads_a_sidecar_of_a_tag_with_dots_spaces_or_non_ascii_written_by_switchyard()
      throws Exception {
    // switchyard's sidecar does not name its tag; the tag lives only in the file name
    Sidecar s =
        codec.decode(
            Goldens.bytes("v2-file.json"), "/etc/.hosts.my tag.ü.1700000000000.bak.meta.json");

    assertEquals(SchemaVersion.V2, s.schema());
  }
}
