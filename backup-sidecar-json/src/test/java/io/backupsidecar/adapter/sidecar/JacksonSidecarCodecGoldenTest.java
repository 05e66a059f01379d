package io.backupsidecar.adapter.sidecar;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.model.FileMode;
import io.backupsidecar.domain.model.SchemaVersion;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Sidecar.PriorFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JacksonSidecarCodecGoldenTest {
  private final JacksonSidecarCodec codec = new JacksonSidecarCodec();

  static Stream<String> goldens() {
    return Goldens.EXPECTED.keySet().stream();
  }

  @ParameterizedTest
  @MethodSource("goldens")
  void every_golden_decodes_to_its_expected_sidecar(String name) throws Exception {
    Sidecar decoded = codec.decode(Goldens.bytes(name), Goldens.source(name));

    assertEquals(Goldens.EXPECTED.get(name), decoded);
  }

  @ParameterizedTest
  @MethodSource("goldens")
  void encoding_a_golden_sidecar_gives_back_the_golden_bytes(String name) throws Exception {
    byte[] golden = Goldens.bytes(name);

    assertEquals(
        new String(golden, UTF_8), new String(codec.encode(codec.decode(golden, name)), UTF_8));
    assertArrayEquals(golden, codec.encode(Goldens.EXPECTED.get(name)));
  }

  @Test
  void encode_writes_switchyards_pretty_layout_without_trailing_newline() {
    Sidecar v2 = Goldens.EXPECTED.get("v2-file.json");

    assertEquals(
        "{\n"
            + "  \"schema\": \"backup_meta.v2\",\n"
            + "  \"prior_kind\": \"file\",\n"
            + "  \"mode\": \"100755\",\n"
            + "  \"payload_hash\": \""
            + Goldens.HELLO.hex()
            + "\"\n"
            + "}",
        new String(codec.encode(v2), UTF_8));
  }

  @Test
  void encode_writes_exactly_the_fields_of_the_sidecars_own_version() {
    Sidecar v3 = Goldens.EXPECTED.get("v3-file.json");

    String v2 = new String(codec.encode(v3.withVersion(SchemaVersion.V2)), UTF_8);
    assertEquals(
        "{\n  \"schema\": \"backup_meta.v2\",\n  \"prior_kind\": \"file\",\n"
            + "  \"mode\": \"104755\",\n  \"payload_hash\": \""
            + Goldens.HELLO.hex()
            + "\"\n}",
        v2);
    String v1 = new String(codec.encode(v3.withVersion(SchemaVersion.V1)), UTF_8);
    assertEquals(
        "{\n  \"schema\": \"backup_meta.v1\",\n  \"prior_kind\": \"file\",\n"
            + "  \"mode\": \"104755\"\n}",
        v1);
  }

  @Test
  void encode_writes_mode_as_the_octal_full_st_mode() {
    Sidecar setuid =
        new Sidecar(
            SchemaVersion.V1,
            new PriorFile(FileMode.regular(06755), null, null, null, null, null),
            null);

    assertTrue(new String(codec.encode(setuid), UTF_8).contains("\"mode\": \"106755\""));
  }

  @Test
  void decode_reads_a_bare_permission_mode_as_a_regular_file() throws Exception {
    Sidecar s =
        codec.decode(
            "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"file\",\"mode\":\"644\"}"
                .getBytes(UTF_8),
            "s");

    assertEquals(FileMode.regular(0644), ((PriorFile) s.prior()).mode());
  }

  @Test
  void decode_reads_compact_json_and_a_trailing_newline() throws Exception {
    Sidecar expected = Goldens.EXPECTED.get("v2-file.json");
    String compact =
        "{\"schema\":\"backup_meta.v2\",\"prior_kind\":\"file\",\"mode\":\"100755\","
            + "\"payload_hash\":\""
            + Goldens.HELLO.hex()
            + "\"}";

    assertEquals(expected, codec.decode(compact.getBytes(UTF_8), "compact"));
    assertEquals(expected, codec.decode((compact + "\n").getBytes(UTF_8), "newline"));
    assertEquals(expected, codec.decode(("\uFEFF" + compact).getBytes(UTF_8), "bom"));
  }

  @Test
  void decode_reads_fields_in_any_order() throws Exception {
    String reordered =
        "{\"payload_hash\":\""
            + Goldens.HELLO.hex()
            + "\",\"mode\":\"100755\","
            + "\"prior_kind\":\"file\",\"schema\":\"backup_meta.v2\"}";

    assertEquals(
        Goldens.EXPECTED.get("v2-file.json"), codec.decode(reordered.getBytes(UTF_8), "reordered"));
  }

  @Test
  void decode_ignores_unknown_fields_and_fields_of_later_versions() throws Exception {
    String v2 =
        "{\"schema\":\"backup_meta.v2\",\"prior_kind\":\"file\",\"mode\":\"100755\","
            + "\"payload_hash\":\""
            + Goldens.HELLO.hex()
            + "\","
            + "\"hash_alg\":\"md5\",\"size\":-1,\"uid\":\"root\",\"mtime\":null,"
            + "\"created_at\":\"yesterday\",\"tag\":\"no.dots\",\"tool\":\"\","
            + "\"future\":{\"nested\":[1,2,{\"x\":null}]}}";

    assertEquals(Goldens.EXPECTED.get("v2-file.json"), codec.decode(v2.getBytes(UTF_8), "v2"));
  }

  @Test
  void decode_ignores_fields_that_another_prior_kind_defines() throws Exception {
    String symlink =
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"symlink\","
            + "\"prior_dest\":\"../../bin\",\"mode\":\"not octal\",\"payload_hash\":7}";
    String none =
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"none\",\"prior_dest\":null,"
            + "\"mode\":\"100644\"}";

    assertEquals(
        Goldens.EXPECTED.get("v1-symlink.json"), codec.decode(symlink.getBytes(UTF_8), "symlink"));
    assertEquals(Goldens.EXPECTED.get("v1-none.json"), codec.decode(none.getBytes(UTF_8), "n"));
  }

  @Test
  void decode_accepts_a_v2_file_without_payload_hash_as_switchyard_does() throws Exception {
    String v2 = "{\"schema\":\"backup_meta.v2\",\"prior_kind\":\"file\",\"mode\":\"100644\"}";

    Sidecar s = codec.decode(v2.getBytes(UTF_8), "v2");

    assertEquals(null, ((PriorFile) s.prior()).payloadHash());
  }

  @Test
  void decode_reads_uids_above_two_to_the_31_as_javas_unsigned_int() throws Exception {
    String v3 =
        new String(Goldens.bytes("v3-file.json"), UTF_8)
            .replace("\"uid\": 0", "\"uid\": 4294967294");

    Sidecar s = codec.decode(v3.getBytes(UTF_8), "v3");

    assertEquals(-2, ((PriorFile) s.prior()).uid());
    assertEquals(v3, new String(codec.encode(s), UTF_8));
  }

  @Test
  void every_sample_sidecar_round_trips_to_an_equal_sidecar_and_stable_bytes() throws Exception {
    for (Sidecar s : concat()) {
      byte[] once = codec.encode(s);
      Sidecar back = codec.decode(once, "sample");
      assertEquals(s, back, () -> new String(once, UTF_8));
      assertArrayEquals(once, codec.encode(back));
    }
  }

  @Test
  void decoding_ten_thousand_sidecars_stays_fast() throws Exception {
    byte[] v3 = Goldens.bytes("v3-file.json");
    for (int warm = 0; warm < 3; warm++) {
      long start = System.nanoTime();
      for (int i = 0; i < 10_000; i++) {
        codec.decode(v3, "perf");
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (warm == 2) {
        // Typically ~50 ms; the bound only catches a pathological regression.
        assertTrue(millis < 5_000, "10,000 decodes took " + millis + " ms");
      }
    }
  }

  private static java.util.List<Sidecar> concat() {
    java.util.List<Sidecar> all = new java.util.ArrayList<>(SampleSidecars.edgeCases());
    all.addAll(SampleSidecars.random(42, 2_000));
    return all;
  }
}
