package io.backupsidecar.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackupNameTest {
  private static final Tag TAG = Tag.DEFAULT;

  @Test
  void formats_payload_and_sidecar_names_as_in_the_design() {
    BackupName name = new BackupName("hosts", TAG, 1732406400123L);
    assertEquals(".hosts.backup.1732406400123.bak", name.payloadFileName());
    assertEquals(".hosts.backup.1732406400123.bak.meta.json", name.sidecarFileName());
    assertEquals(".hosts.backup.1732406400123.bak.meta.json.tmp",
        name.fileName(ArtifactRole.SIDECAR_TEMP));
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
    for (String s : new String[] {"hosts", ".hosts", ".bashrc", ".hosts.backup.bak",
        ".hosts.backup.12a.bak", ".hosts.ba.d.-1.bak", "..backup.1.bak",
        ".hosts.backup.1.bak.meta", ".hosts.back.up.1.bak.json", "x.hosts.backup.1.bak"}) {
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
    String longest = "x".repeat(255 - ".".length() - ".backup.1732406400123".length()
        - ArtifactRole.SIDECAR_TEMP.suffix().length() - 1);
    new BackupName(longest, TAG, 1732406400123L);
    BackupException e = assertThrows(BackupException.class,
        () -> BackupName.of(longest + "xx", TAG, 1732406400123L));
    assertEquals(ErrorId.E_POLICY, e.id());
    assertTrue(e.getMessage().contains("too long"), e.getMessage());
  }

  @Test
  void counts_the_limit_in_utf8_bytes_not_characters() {
    String name = "é".repeat(110); // 220 bytes, 110 chars
    assertThrows(BackupException.class, () -> BackupName.of(name, TAG, 1732406400123L));
  }

  @Test
  void refuses_invalid_tags_naming_them() {
    for (String bad : new String[] {"", "a.b", "a b", "a/b", "ü"}) {
      BackupException e = assertThrows(BackupException.class, () -> Tag.parse(bad));
      assertEquals(ErrorId.E_POLICY, e.id());
      assertTrue(e.getMessage().contains("(" + bad + ")"), e.getMessage());
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
    java.util.List<String> names = java.util.List.of(".hosts.backup.100.bak",
        ".hosts.backup.100.bak.meta.json", ".hosts.backup.900.bak.meta.json.tmp",
        ".hosts.backup.950.restore.tmp", ".hosts.backup.999.bak.old", ".hosts.other.5000.bak",
        ".hosts.backup.99999999999999999999.bak", ".hosts.backup.x1.bak", "hosts");
    assertEquals(950L, BackupName.newestStamp(names, "hosts", TAG));
    assertEquals(SnapshotListing.of(java.nio.file.Path.of("/etc/hosts"), TAG, names)
        .newestStamp().orElseThrow(), BackupName.newestStamp(names, "hosts", TAG));
    assertEquals(-1L, BackupName.newestStamp(java.util.List.of("hosts"), "hosts", TAG));
  }
}
