package io.backupsidecar.adapter.sidecar;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.model.SidecarFormatException;
import org.junit.jupiter.api.Test;

class JacksonSidecarCodecDecodeErrorsTest {
  private static final String SOURCE = "/etc/.hosts.backup.1732490000000.bak.meta.json";
  private static final String HASH = Goldens.HELLO.hex();
  private static final String V3_PROVENANCE =
      "\"created_at\":\"2025-11-24T23:31:07Z\","
          + "\"tag\":\"backup\",\"target_name\":\"hosts\",\"tool\":\"t/1\"";
  private static final String V3_FILE =
      "{\"schema\":\"backup_meta.v3\",\"prior_kind\":\"file\","
          + "\"mode\":\"100644\",\"payload_hash\":\""
          + HASH
          + "\",\"hash_alg\":\"sha256\","
          + V3_PROVENANCE
          + "}";

  private final JacksonSidecarCodec codec = new JacksonSidecarCodec();

  /** Decodes, expecting a refusal that names the source and says what is wrong. */
  private void assertRefused(String json, String... phrases) {
    assertRefused(json.getBytes(UTF_8), phrases);
  }

  private void assertRefused(byte[] bytes, String... phrases) {
    SidecarFormatException e =
        assertThrows(SidecarFormatException.class, () -> codec.decode(bytes, SOURCE));
    assertTrue(e.getMessage().contains(SOURCE), e.getMessage());
    for (String phrase : phrases) {
      assertTrue(e.getMessage().contains(phrase), () -> "'" + phrase + "' in " + e.getMessage());
    }
  }

  private static String v3File(String field, String replacement) {
    String withoutField = V3_FILE.replaceFirst(",?\"" + field + "\":(\"[^\"]*\"|[0-9]+)", "");
    return replacement == null
        ? withoutField
        : withoutField.replace("{", "{\"" + field + "\":" + replacement + ",");
  }

  @Test
  void decode_rejects_malformed_json_naming_the_file_and_position() {
    assertRefused("{\"schema\":\"backup_meta.v1\",", "not valid JSON", "line 1");
    assertRefused("{\"schema\":\"backup_meta.v1\" \"prior_kind\":\"none\"}", "not valid JSON");
    assertRefused("{'schema':'backup_meta.v1'}", "not valid JSON");
  }

  @Test
  void decode_rejects_empty_and_whitespace_only_input() {
    assertRefused("", "empty");
    assertRefused(" \n\t", "empty");
  }

  @Test
  void decode_rejects_a_root_that_is_not_an_object() {
    assertRefused("[]", "not a JSON object", "array");
    assertRefused("\"backup_meta.v1\"", "not a JSON object", "string");
    assertRefused("null", "not a JSON object", "null");
    assertRefused("42", "not a JSON object", "number");
  }

  @Test
  void decode_rejects_content_after_the_object() {
    assertRefused("{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"none\"} {}", "not valid JSON");
    assertRefused("{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"none\"}x", "not valid JSON");
  }

  @Test
  void decode_rejects_a_duplicate_key_because_the_last_one_would_silently_win() {
    assertRefused(
        "{\"schema\":\"backup_meta.v2\",\"prior_kind\":\"file\",\"mode\":\"100644\","
            + "\"payload_hash\":\""
            + HASH
            + "\",\"payload_hash\":\""
            + "0".repeat(64)
            + "\"}",
        "Duplicate field 'payload_hash'");
    assertRefused(
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"none\",\"x\":{\"a\":1,\"a\":2}}",
        "Duplicate field 'a'");
  }

  @Test
  void decode_rejects_a_missing_schema() {
    assertRefused("{\"prior_kind\":\"none\"}", "schema is missing");
  }

  @Test
  void decode_rejects_an_unknown_schema_naming_it() {
    assertRefused(
        "{\"schema\":\"backup_meta.v4\",\"prior_kind\":\"none\"}",
        "unknown schema \"backup_meta.v4\"",
        "backup_meta.v1");
    assertRefused("{\"schema\":\"BACKUP_META.V1\",\"prior_kind\":\"none\"}", "unknown schema");
  }

  @Test
  void decode_rejects_a_schema_that_is_not_a_string() {
    assertRefused("{\"schema\":1,\"prior_kind\":\"none\"}", "schema must be a string, not 1");
    assertRefused("{\"schema\":null,\"prior_kind\":\"none\"}", "schema must be a string, not null");
  }

  @Test
  void decode_rejects_a_missing_prior_kind() {
    assertRefused("{\"schema\":\"backup_meta.v1\"}", "prior_kind is missing");
  }

  @Test
  void decode_rejects_unknown_prior_kind_naming_the_file() {
    assertRefused(
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"directory\"}",
        "unknown prior_kind \"directory\"",
        "file, symlink or none");
  }

  @Test
  void decode_rejects_a_symlink_without_prior_dest() {
    assertRefused(
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"symlink\"}", "prior_dest is missing");
    // null is absent, as serde reads switchyard's Option<String>
    assertRefused(
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"symlink\",\"prior_dest\":null}",
        "prior_dest is missing");
  }

  @Test
  void decode_rejects_an_empty_or_nul_bearing_link_destination() {
    assertRefused(
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"symlink\",\"prior_dest\":\"\"}",
        "not a link destination");
    assertRefused(
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"symlink\","
            + "\"prior_dest\":\"/bin\\u0000/sh\"}",
        "not a link destination",
        "\\u0000");
  }

  @Test
  void decode_rejects_a_file_without_mode() {
    assertRefused("{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"file\"}", "mode is missing");
  }

  @Test
  void decode_rejects_a_non_octal_or_non_regular_mode() {
    for (String mode :
        new String[] {
          "\"100648\"",
          "\"0x1a4\"",
          "\"\"",
          "\"rw-r--r--\"",
          "\"120777\"",
          "\"40755\"",
          "\"1100644\"",
          "\" 644\"",
          "\"-644\""
        }) {
      assertRefused(
          "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"file\",\"mode\":" + mode + "}",
          "mode " + mode + " is not the octal st_mode of a regular file");
    }
    assertRefused(
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"file\",\"mode\":420}",
        "mode must be a string, not 420");
  }

  @Test
  void decode_rejects_an_invalid_payload_hash() {
    for (String hash :
        new String[] {
          HASH.toUpperCase(java.util.Locale.ROOT),
          HASH.substring(1),
          HASH + "0",
          "sha256:" + HASH,
          ""
        }) {
      assertRefused(
          "{\"schema\":\"backup_meta.v2\",\"prior_kind\":\"file\",\"mode\":\"100644\","
              + "\"payload_hash\":\""
              + hash
              + "\"}",
          "payload_hash",
          "is not 64 lowercase hex");
    }
    assertRefused(
        "{\"schema\":\"backup_meta.v2\",\"prior_kind\":\"file\",\"mode\":\"100644\","
            + "\"payload_hash\":7}",
        "payload_hash must be a string, not 7");
    // honoured in v1 too, so checked there too
    assertRefused(
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"file\",\"mode\":\"100644\","
            + "\"payload_hash\":\""
            + HASH.substring(1)
            + "\"}",
        "is not 64 lowercase hex");
  }

  @Test
  void decode_rejects_a_v3_file_without_payload_hash_or_hash_alg() {
    assertRefused(v3File("payload_hash", null), "payload_hash is missing");
    assertRefused(v3File("hash_alg", null), "hash_alg is missing");
  }

  @Test
  void decode_rejects_a_hash_alg_other_than_sha256() {
    assertRefused(v3File("hash_alg", "\"md5\""), "hash_alg \"md5\" is not supported; only sha256");
    assertRefused(v3File("hash_alg", "\"SHA256\""), "hash_alg \"SHA256\" is not supported");
  }

  @Test
  void decode_rejects_bad_timestamps() {
    for (String ts :
        new String[] {
          "\"2025-11-24 23:31:07Z\"",
          "\"2025-11-24T23:31:07+01:00\"",
          "\"2025-02-30T00:00:00Z\"",
          "\"2025-11-24T25:00:00Z\"",
          "\"2025-11-24\"",
          "\"2025-11-24T23:31:07.1234567890Z\"",
          "\"1732490000000\""
        }) {
      assertRefused(v3File("created_at", ts), "created_at " + ts + " is not an ISO-8601 UTC");
      assertRefused(v3File("mtime", ts), "mtime " + ts + " is not an ISO-8601 UTC");
    }
    assertRefused(v3File("mtime", "1732490000000"), "mtime must be a string, not 1732490000000");
  }

  @Test
  void decode_rejects_a_v3_sidecar_missing_provenance() {
    for (String field : new String[] {"created_at", "tag", "target_name", "tool"}) {
      assertRefused(v3File(field, null), "the field " + field + " is missing");
      String none = "{\"schema\":\"backup_meta.v3\",\"prior_kind\":\"none\"," + V3_PROVENANCE + "}";
      assertRefused(
          none.replaceFirst(",\"" + field + "\":\"[^\"]*\"", ""),
          "the field " + field + " is missing");
    }
  }

  @Test
  void decode_rejects_invalid_provenance_values() {
    assertRefused(v3File("tag", "\"my.tag\""), "tag \"my.tag\" must be 1 to 64 letters");
    assertRefused(v3File("tag", "\"\""), "tag \"\" must be");
    assertRefused(v3File("target_name", "\"etc/hosts\""), "target_name \"etc/hosts\" must be");
    assertRefused(v3File("target_name", "\"..\""), "target_name \"..\" must be");
    assertRefused(v3File("target_name", "\"\""), "target_name \"\" must be");
    assertRefused(v3File("tool", "\"\""), "tool must not be empty");
  }

  @Test
  void decode_rejects_v3_numbers_that_are_negative_fractional_or_too_large() {
    assertRefused(v3File("size", "-1"), "size must be a whole number from 0 to");
    assertRefused(v3File("size", "1.5"), "size must be a whole number");
    assertRefused(v3File("size", "1e3"), "size must be a whole number");
    assertRefused(v3File("size", "9223372036854775808"), "size must be a whole number");
    assertRefused(v3File("uid", "4294967296"), "uid must be a whole number from 0 to 4294967295");
    assertRefused(v3File("gid", "-1"), "gid must be a whole number");
    assertRefused(v3File("uid", "\"0\""), "uid must be a whole number", "\"0\"");
    assertRefused(v3File("gid", "null"), "gid must be a whole number", "null");
  }

  @Test
  void decode_rejects_a_lone_surrogate_escape_that_has_no_utf8_form() {
    assertRefused(
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"symlink\","
            + "\"prior_dest\":\"/bin/\\ud800\"}",
        "prior_dest contains a lone surrogate");
  }

  @Test
  void decode_rejects_invalid_utf8() {
    byte[] bytes =
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"symlink\",\"prior_dest\":\"xx\"}"
            .getBytes(UTF_8);
    bytes[bytes.length - 4] = (byte) 0xC3;
    bytes[bytes.length - 3] = (byte) 0x28;
    assertRefused(bytes, "not valid JSON");
  }

  @Test
  void decode_rejects_deep_nesting_beyond_64_levels() {
    String deep = "[".repeat(65) + "]".repeat(65);
    assertRefused(
        "{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"none\",\"x\":" + deep + "}",
        "not valid JSON",
        "nesting depth");
    String ok = "[".repeat(60) + "]".repeat(60);
    org.junit.jupiter.api.Assertions.assertDoesNotThrow(
        () ->
            codec.decode(
                ("{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"none\",\"x\":" + ok + "}")
                    .getBytes(UTF_8),
                SOURCE));
  }

  @Test
  void decode_rejects_inputs_over_one_mebibyte_without_parsing_them() {
    byte[] huge = new byte[SidecarReader.MAX_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) ' ');
    assertRefused(huge, "1048577 bytes", "more than the 1048576");
  }

  @Test
  void error_messages_quote_hostile_values_short_and_without_control_characters() {
    String hostile = "\\u001b[2J" + "x".repeat(500);
    SidecarFormatException e =
        assertThrows(
            SidecarFormatException.class,
            () ->
                codec.decode(
                    ("{\"schema\":\"backup_meta.v1\",\"prior_kind\":\"" + hostile + "\"}")
                        .getBytes(UTF_8),
                    SOURCE));
    assertTrue(e.getMessage().length() < 300, e.getMessage());
    assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20), e.getMessage());
  }
}
