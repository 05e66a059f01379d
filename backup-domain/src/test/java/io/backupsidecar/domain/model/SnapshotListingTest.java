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
    SnapshotListing listing = SnapshotListing.of(TARGET, Tag.DEFAULT, List.of(
        ".hosts.backup.100.bak", ".hosts.backup.100.bak.meta.json",
        ".hosts.backup.300.bak", // crashed before its sidecar
        ".hosts.backup.200.bak", ".hosts.backup.200.bak.meta.json",
        ".hosts.backup.50.bak", ".hosts.backup.50.bak.meta.json",
        ".hosts.other.400.bak", ".hosts.other.400.bak.meta.json", // another tag
        ".hostsx.backup.500.bak", "hosts", ".bashrc",
        ".hosts.backup.600.bak.meta.json.tmp"));
    assertEquals(List.of(300L, 200L, 100L, 50L),
        listing.entries().stream().map(SnapshotEntry::stamp).toList());
    assertEquals(SnapshotEntry.State.INCOMPLETE, listing.entries().get(0).state());
    assertEquals(200L, listing.latest().orElseThrow().stamp());
    assertEquals(100L, listing.previous().orElseThrow().stamp());
    assertTrue(listing.at(300L).isEmpty(), "incomplete snapshots are never chosen");
    assertEquals(50L, listing.at(50L).orElseThrow().stamp());
    assertEquals(List.of(ArtifactRole.SIDECAR_TEMP),
        listing.leftovers().stream().map(ArtifactName::role).toList());
    assertEquals(600L, listing.newestStamp().orElseThrow());
  }

  @Test
  void a_sidecar_without_payload_is_damage_not_a_complete_snapshot() {
    SnapshotListing listing = SnapshotListing.of(TARGET, Tag.DEFAULT,
        List.of(".hosts.backup.9.bak.meta.json"));
    assertEquals(SnapshotEntry.State.MISSING_PAYLOAD, listing.entries().get(0).state());
    assertTrue(listing.latest().isEmpty());
  }
}
