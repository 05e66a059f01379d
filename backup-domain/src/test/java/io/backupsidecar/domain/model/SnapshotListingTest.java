package io.backupsidecar.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotListingTest {
  private static final Path TARGET = Path.of("/etc/hosts");

  @Test
  void lists_newest_first_and_never_offers_an_incomplete_snapshot_as_latest() {
    SnapshotListing listing =
        SnapshotListing.of(
            TARGET,
            Tag.DEFAULT,
            List.of(
                ".hosts.backup.100.bak",
                ".hosts.backup.100.bak.meta.json",
                ".hosts.backup.300.bak", // crashed before its sidecar
                ".hosts.backup.200.bak",
                ".hosts.backup.200.bak.meta.json",
                ".hosts.backup.50.bak",
                ".hosts.backup.50.bak.meta.json",
                ".hosts.other.400.bak",
                ".hosts.other.400.bak.meta.json", // another tag
                ".hostsx.backup.500.bak",
                "hosts",
                ".bashrc",
                ".hosts.backup.600.bak.meta.json.tmp"));
    assertEquals(
        List.of(300L, 200L, 100L, 50L),
        listing.entries().stream().map(SnapshotEntry::stamp).toList());
    assertEquals(SnapshotEntry.State.INCOMPLETE, listing.entries().get(0).state());
    assertEquals(200L, listing.latest().orElseThrow().stamp());
    assertEquals(100L, listing.previous().orElseThrow().stamp());
    assertTrue(listing.at(300L).isEmpty(), "incomplete snapshots are never chosen");
    assertEquals(50L, listing.at(50L).orElseThrow().stamp());
    assertEquals(
        List.of(ArtifactRole.SIDECAR_TEMP),
        listing.leftovers().stream().map(ArtifactName::role).toList());
    assertEquals(600L, listing.newestStamp().orElseThrow());
  }

  @Test
  void a_sidecar_without_payload_is_consumed_committed_but_not_complete() {
    SnapshotListing listing =
        SnapshotListing.of(
            TARGET,
            Tag.SWITCHYARD,
            List.of(
                ".hosts.switchyard.9.bak.meta.json",
                ".hosts.switchyard.5.bak",
                ".hosts.switchyard.5.bak.meta.json"));
    assertEquals(SnapshotEntry.State.CONSUMED, listing.entries().get(0).state());
    assertEquals(List.of(9L, 5L), listing.committed().stream().map(SnapshotEntry::stamp).toList());
    assertEquals(9L, listing.committedAt(9L).orElseThrow().stamp());
    assertTrue(listing.at(9L).isEmpty());
    assertEquals(5L, listing.latest().orElseThrow().stamp());
  }

  @Test
  void lists_switchyard_tags_with_dots_spaces_non_ascii_and_the_empty_tag() {
    for (String t : new String[] {"my.tag", "with space", "ünï", ""}) {
      String prefix = ".hosts." + t + ".";
      SnapshotListing listing =
          SnapshotListing.of(
              TARGET,
              new Tag(t),
              List.of(
                  prefix + "1700000000000.bak",
                  prefix + "1700000000000.bak.meta.json",
                  prefix + "1700000000001.bak.meta.json",
                  ".hosts.other." + t + ".1700000000002.bak.meta.json",
                  ".hosts." + t + ".x.1700000000003.bak.meta.json"));
      assertEquals(
          List.of(1700000000001L, 1700000000000L),
          listing.entries().stream().map(SnapshotEntry::stamp).toList(),
          t);
      assertEquals(
          ".hosts." + t + ".1700000000000.bak",
          listing.entries().get(1).payload().getFileName().toString());
    }
  }

  @Test
  void names_whose_stamp_does_not_fit_are_reported_and_never_counted() {
    SnapshotListing listing =
        SnapshotListing.of(
            TARGET,
            Tag.SWITCHYARD,
            List.of(
                ".hosts.switchyard.01700000000000.bak",
                ".hosts.switchyard.01700000000000.bak.meta.json",
                ".hosts.switchyard.123456789012345678901.bak.meta.json",
                ".hosts.switchyard.1700000000000.bak",
                ".hosts.switchyard.1700000000000.bak.meta.json"));
    assertEquals(
        List.of(1700000000000L), listing.entries().stream().map(SnapshotEntry::stamp).toList());
    assertEquals(
        List.of(
            ".hosts.switchyard.01700000000000.bak",
            ".hosts.switchyard.01700000000000.bak.meta.json",
            ".hosts.switchyard.123456789012345678901.bak.meta.json"),
        listing.unfitStamps());
  }

  @Test
  void a_snapshot_stamped_beyond_the_tolerance_is_not_believed_as_newest() {
    long now = 1_700_000_000_000L;
    SnapshotListing listing =
        SnapshotListing.of(
            TARGET,
            Tag.DEFAULT,
            List.of(
                ".hosts.backup.999999999999999999.bak",
                    ".hosts.backup.999999999999999999.bak.meta.json",
                ".hosts.backup.1699999999999.bak", ".hosts.backup.1699999999999.bak.meta.json"));
    assertEquals(
        List.of(1699999999999L),
        listing.believable(now).stream().map(SnapshotEntry::stamp).toList());
    assertEquals(
        List.of(999999999999999999L),
        listing.beyondTolerance(now).stream().map(SnapshotEntry::stamp).toList());
  }
}
