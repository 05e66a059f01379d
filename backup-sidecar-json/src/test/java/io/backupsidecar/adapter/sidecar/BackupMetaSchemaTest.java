package io.backupsidecar.adapter.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SidecarFormatException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BackupMetaSchemaTest {
  private static final String HASH = Goldens.HELLO.hex();
  private static final String PROVENANCE =
      "\"created_at\":\"2025-11-24T23:31:07Z\","
          + "\"tag\":\"backup\",\"target_name\":\"hosts\",\"tool\":\"t/1\"";

  private final JacksonSidecarCodec codec = new JacksonSidecarCodec();

  static Stream<String> goldens() {
    return Goldens.EXPECTED.keySet().stream();
  }

  /** Documents the schema and the decoder must both refuse, with why. */
  static Stream<String> invalidDocuments() {
    return Stream.of(
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"file\"}",
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"directory\"}",
        "{\"schema\":\"backup_meta.v4\",\"prior_kind\":\"none\"}",
        "{\"prior_kind\":\"none\"}",
        "{\"schema\":\"backup_meta.v1\"}",
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"file\",\"mode\":null}",
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"file\",\"mode\":\"100648\"}",
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"file\",\"mode\":\"120777\"}",
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"file\",\"mode\":420}",
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"symlink\"}",
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"symlink\",\"prior_dest\":null}",
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"symlink\",\"prior_dest\":\"\"}",
        "{\"schema\":\"backup_meta.v2\",\"prior_kind\":\"file\",\"mode\":\"100644\","
            + "\"payload_hash\":\""
            + HASH.toUpperCase(java.util.Locale.ROOT)
            + "\"}",
        // a v1 payload_hash is honoured, so it must be one
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"file\",\"mode\":\"100644\","
            + "\"payload_hash\":\""
            + HASH.toUpperCase(java.util.Locale.ROOT)
            + "\"}",
        // v3 file without payload_hash: our writer always hashes, so v3 requires it.
        "{\"schema\":\"backup_meta.v3\",\"prior_kind\":\"file\",\"mode\":\"100644\","
            + "\"hash_alg\":\"sha256\","
            + PROVENANCE
            + "}",
        "{\"schema\":\"backup_meta.v3\",\"prior_kind\":\"file\",\"mode\":\"100644\","
            + "\"payload_hash\":\""
            + HASH
            + "\","
            + PROVENANCE
            + "}",
        "{\"schema\":\"backup_meta.v3\",\"prior_kind\":\"file\",\"mode\":\"100644\","
            + "\"payload_hash\":\""
            + HASH
            + "\",\"hash_alg\":\"md5\","
            + PROVENANCE
            + "}",
        "{\"schema\":\"backup_meta.v3\",\"prior_kind\":\"file\",\"mode\":\"100644\","
            + "\"payload_hash\":\""
            + HASH
            + "\",\"hash_alg\":\"sha256\",\"uid\":-1,"
            + PROVENANCE
            + "}",
        "{\"schema\":\"backup_meta.v3\",\"prior_kind\":\"file\",\"mode\":\"100644\","
            + "\"payload_hash\":\""
            + HASH
            + "\",\"hash_alg\":\"sha256\",\"gid\":4294967296,"
            + PROVENANCE
            + "}",
        "{\"schema\":\"backup_meta.v3\",\"prior_kind\":\"file\",\"mode\":\"100644\","
            + "\"payload_hash\":\""
            + HASH
            + "\",\"hash_alg\":\"sha256\",\"size\":null,"
            + PROVENANCE
            + "}",
        "{\"schema\":\"backup_meta.v3\",\"prior_kind\":\"file\",\"mode\":\"100644\","
            + "\"payload_hash\":\""
            + HASH
            + "\",\"hash_alg\":\"sha256\","
            + "\"mtime\":\"2025-11-24T23:31:07+01:00\","
            + PROVENANCE
            + "}",
        "{\"schema\":\"backup_meta.v3\",\"prior_kind\":\"none\"}",
        "{\"schema\":\"backup_meta.v3\",\"prior_kind\":\"none\","
            + PROVENANCE.replace(",\"tool\":\"t/1\"", "")
            + "}",
        "{\"schema\":\"backup_meta.v3\",\"prior_kind\":\"none\","
            + PROVENANCE.replace("\"hosts\"", "\"etc/hosts\"")
            + "}",
        "{\"schema\":\"backup_meta.v3\",\"prior_kind\":\"none\","
            + PROVENANCE.replace("\"hosts\"", "\"..\"")
            + "}",
        "{\"schema\":\"backup_meta.v3\",\"prior_kind\":\"none\","
            + PROVENANCE.replace("\"backup\"", "\"my.tag\"")
            + "}",
        "{\"schema\":\"backup_meta.v3\",\"prior_kind\":\"none\","
            + PROVENANCE.replace("\"t/1\"", "\"\"")
            + "}",
        "{\"schema\":\"backup_meta.v3\",\"prior_kind\":\"none\","
            + PROVENANCE.replace("2025-11-24T23:31:07Z", "yesterday")
            + "}",
        "[]");
  }

  @Test
  void the_schema_ships_in_the_jar_next_to_the_codec_as_draft_2020_12() throws Exception {
    try (InputStream in = JacksonSidecarCodec.schema().openStream()) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(text.contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\""));
    }
  }

  @ParameterizedTest
  @MethodSource("goldens")
  void every_golden_is_valid_against_the_schema(String name) {
    assertEquals(List.of(), SchemaCheck.errors(Goldens.bytes(name)));
  }

  @Test
  void every_sidecar_the_codec_writes_is_valid_against_the_schema() {
    List<Sidecar> all = new java.util.ArrayList<>(SampleSidecars.edgeCases());
    all.addAll(SampleSidecars.random(7, 500));
    for (Sidecar s : all) {
      byte[] json = codec.encode(s);
      assertEquals(
          List.of(), SchemaCheck.errors(json), () -> new String(json, StandardCharsets.UTF_8));
    }
  }

  @ParameterizedTest
  @MethodSource("invalidDocuments")
  void schema_and_decoder_both_refuse_an_invalid_document(String json) {
    assertFalse(SchemaCheck.errors(json).isEmpty(), json);
    assertThrows(
        SidecarFormatException.class,
        () -> codec.decode(json.getBytes(StandardCharsets.UTF_8), "invalid.meta.json"));
  }

  @Test
  void schema_and_decoder_both_accept_unknown_fields_and_other_versions_fields() throws Exception {
    String json =
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"symlink\",\"prior_dest\":\"x\","
            + "\"payload_hash\":\"not checked in v1\",\"mode\":null,\"future\":[{}]}";

    assertEquals(List.of(), SchemaCheck.errors(json));
    codec.decode(json.getBytes(StandardCharsets.UTF_8), "tolerant.meta.json");
  }
}
