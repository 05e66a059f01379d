package io.backupsidecar.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupNameTest {
  private static final Tag TAG = Tag.DEFAULT;

  @Test
  void formats_payload_and_sidecar_names_as_in_the_design() {
    BackupName name = new BackupName("hosts", TAG, 1732406400123L);
    assertEquals(".hosts.backup.1732406400123.bak", name.payloadFileName());
    assertEquals(".hosts.backup.1732406400123.bak.meta.json", name.sidecarFileName());
    assertEquals(
        ".hosts.backup.1732406400123.bak.meta.json.tmp", name.fileName(ArtifactRole.SIDECAR_TEMP));
  }

  @Test
  void parses_every_role_back_even_when_the_target_name_has_dots() {
    BackupName name = new BackupName("my.app.conf", new Tag("pre-upgrade_2"), 42L);
    for (ArtifactRole role : ArtifactRole.values()) {
      ArtifactName parsed = BackupName.parse(name.fileName(role)).orElseThrow();
      assertEquals(name, parsed.name());
      assertEquals(role, parsed.role());
    }
  }

  @Test
  void ignores_names_that_are_not_artifacts() {
    for (String s :
        new String[] {
          "hosts",
          ".hosts",
          ".bashrc",
          ".hosts.backup.bak",
          ".hosts.backup.12a.bak",
          ".hosts.ba.d.-1.bak",
          "..backup.1.bak",
          ".hosts.backup.1.bak.meta",
          ".hosts.back.up.1.bak.json",
          "x.hosts.backup.1.bak"
        }) {
      assertTrue(BackupName.parse(s).isEmpty(), s);
    }
  }

  @Test
  void a_dotted_name_parses_with_the_rightmost_dot_separated_tag() {
    ArtifactName parsed = BackupName.parse(".hosts.bad.tag.x.12.bak").orElseThrow();
    assertEquals("hosts.bad.tag", parsed.name().targetName());
    assertEquals("x", parsed.name().tag().value());
  }

  @Test
  void a_dotted_target_parses_with_the_rightmost_tag() {
    ArtifactName parsed = BackupName.parse(".a.b.backup.7.bak").orElseThrow();
    assertEquals("a.b", parsed.name().targetName());
    assertEquals("backup", parsed.name().tag().value());
    assertEquals(7L, parsed.name().stamp());
  }

  @Test
  void refuses_a_target_name_whose_backup_names_exceed_255_bytes() {
    String longest =
        "x"
            .repeat(
                255
                    - ".".length()
                    - ".backup.1732406400123".length()
                    - ArtifactRole.SIDECAR_TEMP.suffix().length()
                    - 1);
    new BackupName(longest, TAG, 1732406400123L);
    BackupException e =
        assertThrows(
            BackupException.class, () -> BackupName.of(longest + "xx", TAG, 1732406400123L));
    assertEquals(ErrorId.E_POLICY, e.id());
    assertTrue(e.getMessage().contains("too long"), e.getMessage());
  }

  @Test
  void counts_the_limit_in_utf8_bytes_not_characters() {
    String name = "é".repeat(110); // 220 bytes, 110 chars
    assertThrows(BackupException.class, () -> BackupName.of(name, TAG, 1732406400123L));
  }

  @Test
  void counts_utf8_bytes_as_the_encoder_does_for_every_kind_of_character() {
    // 1, 2, 3 and 4 bytes (a surrogate pair), and a lone surrogate (encoded as '?': 1 byte)
    for (String unit : new String[] {"x", "é", "€", "\uD83D\uDE00", "\uD800", "a\uDC00"}) {
      int fixed = 255 - ".".length() - ".backup.1732406400123".length() - 18;
      for (int n = 1; n * unit.length() <= fixed; n++) {
        String name = unit.repeat(n);
        boolean fits = name.getBytes(StandardCharsets.UTF_8).length <= fixed;
        try {
          new BackupName(name, TAG, 1732406400123L);
          assertTrue(fits, unit + " x " + n);
        } catch (IllegalArgumentException e) {
          assertFalse(fits, unit + " x " + n);
        }
      }
    }
  }

  @Test
  void reads_any_tag_switchyard_writes_but_writes_only_plain_ones() throws Exception {
    for (String readable : new String[] {"", "a.b", "a b", "ü", "v1.2 – prod"}) {
      Tag tag = Tag.parse(readable);
      assertFalse(tag.isWritable(), readable);
      BackupException e = assertThrows(BackupException.class, () -> BackupName.of("hosts", tag, 1));
      assertEquals(ErrorId.E_POLICY, e.id());
      assertTrue(e.getMessage().contains("(" + readable + ")"), e.getMessage());
    }
    assertEquals(
        ".hosts.pre-up_2.7.bak",
        BackupName.of("hosts", Tag.parse("pre-up_2"), 7).payloadFileName());
  }

  @Test
  void refuses_a_tag_that_cannot_be_part_of_a_file_name() {
    for (String bad : new String[] {"a/b", "a\u0000b"}) {
      BackupException e = assertThrows(BackupException.class, () -> Tag.parse(bad));
      assertEquals(ErrorId.E_POLICY, e.id());
    }
  }

  @Test
  void with_a_known_tag_a_name_parses_whatever_the_tag_holds() {
    for (String t : new String[] {"", "my.tag", "with space", "ünï.cödé", "1.2.3"}) {
      Tag tag = new Tag(t);
      BackupName name = new BackupName("app.conf", tag, 1700000000000L);
      for (ArtifactRole role : ArtifactRole.values()) {
        ArtifactName parsed = BackupName.parse(name.fileName(role), "app.conf", tag).orElseThrow();
        assertEquals(name, parsed.name(), t);
        assertEquals(role, parsed.role(), t);
      }
      assertEquals(".app.conf." + t + ".1700000000000.bak", name.payloadFileName());
    }
  }

  @Test
  void with_a_known_tag_another_tags_or_targets_names_are_not_ours() {
    Tag a = new Tag("a");
    // tag "a.b" of target "t" (or tag "b" of target "t.a"): not tag "a" of target "t"
    assertTrue(BackupName.parse(".t.a.b.123.bak", "t", a).isEmpty());
    assertTrue(BackupName.parse(".t.a.123.bak", "t.a", a).isEmpty());
    assertTrue(BackupName.parse(".t.a..bak", "t", a).isEmpty());
    assertTrue(BackupName.parse(".tt.a.1.bak", "t", a).isEmpty());
    assertEquals(
        123L, BackupName.parse(".t.a.b.123.bak", "t", new Tag("a.b")).orElseThrow().name().stamp());
  }

  @Test
  void one_stamp_rule_1_to_19_digits_without_leading_zero_up_to_long_max() {
    assertEquals(0L, BackupName.parseStamp("0"));
    assertEquals(1700000000000L, BackupName.parseStamp("1700000000000"));
    assertEquals(Long.MAX_VALUE, BackupName.parseStamp("9223372036854775807"));
    for (String unfit :
        new String[] {
          "",
          "01700000000000",
          "00",
          "9223372036854775808",
          "12345678901234567890",
          "+17",
          "-1",
          "1e3",
          " 1"
        }) {
      assertEquals(-1L, BackupName.parseStamp(unfit), unfit);
    }
  }

  @Test
  void a_stamp_with_leading_zeros_or_too_many_digits_is_reported_not_parsed() {
    Tag sy = Tag.SWITCHYARD;
    for (String unfit :
        new String[] {
          ".hosts.switchyard.01700000000000.bak",
          ".hosts.switchyard.01700000000000.bak.meta.json",
          ".hosts.switchyard.123456789012345678901.bak"
        }) {
      assertTrue(BackupName.parse(unfit).isEmpty(), unfit);
      assertTrue(BackupName.parse(unfit, "hosts", sy).isEmpty(), unfit);
      assertTrue(BackupName.hasUnfitStamp(unfit, "hosts", sy), unfit);
    }
    assertFalse(BackupName.hasUnfitStamp(".hosts.switchyard.1700000000000.bak", "hosts", sy));
    assertFalse(BackupName.hasUnfitStamp(".hosts.switchyard.x1.bak", "hosts", sy));
    assertFalse(BackupName.hasUnfitStamp(".hosts.other.01.bak", "hosts", sy));
  }

  @Test
  void a_stamp_a_day_beyond_the_clock_is_not_believed() {
    long now = 1_700_000_000_000L;
    assertTrue(BackupName.isBelievable(now + BackupName.FUTURE_TOLERANCE_MILLIS, now));
    assertFalse(BackupName.isBelievable(now + BackupName.FUTURE_TOLERANCE_MILLIS + 1, now));
    assertFalse(BackupName.isBelievable(999_999_999_999_999_999L, now));
    assertTrue(BackupName.isBelievable(5, now));
    List<String> planted =
        List.of(
            ".hosts.backup.999999999999999999.bak.meta.json",
            ".hosts.backup.999999999999999999.bak",
            ".hosts.backup.1699999999999.bak.meta.json");
    assertEquals(
        1699999999999L,
        BackupName.newestStamp(planted, "hosts", TAG, now + BackupName.FUTURE_TOLERANCE_MILLIS));
  }

  @Test
  void every_name_this_type_formats_has_a_stamp_the_rule_parses() {
    for (long stamp : new long[] {0, 7, 1700000000000L, Long.MAX_VALUE}) {
      String name = new BackupName("hosts", TAG, stamp).payloadFileName();
      assertEquals(stamp, BackupName.parse(name).orElseThrow().name().stamp(), name);
    }
  }

  @Test
  void refuses_names_that_are_not_single_file_names() {
    for (String bad : new String[] {"", ".", "..", "a/b", "bad\uFFFDname"}) {
      assertThrows(BackupException.class, () -> BackupName.of(bad, TAG, 1));
    }
  }

  @Test
  void newest_stamp_agrees_with_parsing_every_name() {
    java.util.List<String> names =
        java.util.List.of(
            ".hosts.backup.100.bak",
            ".hosts.backup.100.bak.meta.json",
            ".hosts.backup.900.bak.meta.json.tmp",
            ".hosts.backup.950.restore.tmp",
            ".hosts.backup.999.bak.old",
            ".hosts.other.5000.bak",
            ".hosts.backup.99999999999999999999.bak",
            ".hosts.backup.x1.bak",
            ".hosts.backup.0999.bak",
            "hosts");
    assertEquals(950L, BackupName.newestStamp(names, "hosts", TAG));
    assertEquals(
        SnapshotListing.of(java.nio.file.Path.of("/etc/hosts"), TAG, names)
            .newestStamp()
            .orElseThrow(),
        BackupName.newestStamp(names, "hosts", TAG));
    assertEquals(-1L, BackupName.newestStamp(java.util.List.of("hosts"), "hosts", TAG));
  }
}
