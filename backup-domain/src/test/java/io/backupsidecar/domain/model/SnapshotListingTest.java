package io.backupsidecar.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /**
   * The listing reads stamps in place and pairs payloads and sidecars after sorting: it must list
   * exactly what parsing each name with a plain, independent reading of the naming scheme lists.
   */
  @Test
  void lists_what_a_plain_reading_of_every_name_lists_among_random_names() {
    Random random = new Random(15);
    String[] stamps = {
      "0",
      "7",
      "42",
      "1700000000000",
      "1700000000001",
      "9223372036854775807",
      "9223372036854775808",
      "01",
      "00",
      "12345678901234567890",
      "1x",
      "",
      "1.2",
      "-3"
    };
    String[] tails = {
      ".bak", ".bak.meta.json", ".bak.meta.json.tmp", ".restore.tmp", ".bak.old", ".tmp", ""
    };
    String[] heads = {".hosts.backup.", ".hosts.other.", ".hostsx.backup.", "hosts.backup.", "."};
    for (int round = 0; round < 200; round++) {
      Set<String> names = new LinkedHashSet<>();
      for (int i = random.nextInt(40); i > 0; i--) {
        names.add(
            heads[random.nextInt(heads.length)]
                + stamps[random.nextInt(stamps.length)]
                + tails[random.nextInt(tails.length)]);
      }
      List<String> shuffled = new ArrayList<>(names);
      Collections.shuffle(shuffled, random);
      SnapshotListing listing = SnapshotListing.of(TARGET, Tag.DEFAULT, shuffled);
      assertEquals(plainListing(shuffled), describe(listing), shuffled.toString());
      assertEquals(
          listing.newestStamp().orElse(-1L),
          BackupName.newestStamp(shuffled, "hosts", Tag.DEFAULT),
          shuffled.toString());
    }
  }

  private static String describe(SnapshotListing listing) {
    return listing.entries().stream().map(e -> e.stamp() + " " + e.state()).toList()
        + " leftovers "
        + listing.leftovers().stream().map(a -> a.name().stamp() + " " + a.role()).toList()
        + " unfit "
        + listing.unfitStamps();
  }

  /** The naming scheme read plainly: regular expressions and a map, newest first. */
  private static String plainListing(List<String> names) {
    Pattern artifact =
        Pattern.compile(
            "\\.hosts\\.backup\\.([^.]*)(\\.bak\\.meta\\.json\\.tmp|\\.bak\\.meta\\.json"
                + "|\\.restore\\.tmp|\\.bak)");
    Pattern fits = Pattern.compile("0|[1-9][0-9]{0,18}");
    TreeMap<Long, String> entries = new TreeMap<>(Comparator.reverseOrder());
    List<String> leftovers = new ArrayList<>();
    List<String> unfit = new ArrayList<>();
    for (String name : names) {
      Matcher m = artifact.matcher(name);
      if (!m.matches()) {
        continue;
      }
      String digits = m.group(1);
      boolean fit =
          fits.matcher(digits).matches()
              && new BigInteger(digits).compareTo(BigInteger.valueOf(Long.MAX_VALUE)) <= 0;
      if (!fit) {
        if (digits.matches("[0-9]+")) {
          unfit.add(name);
        }
        continue;
      }
      long stamp = Long.parseLong(digits);
      switch (m.group(2)) {
        case ".bak" -> entries.merge(stamp, "P", (a, b) -> a + b);
        case ".bak.meta.json" -> entries.merge(stamp, "S", (a, b) -> a + b);
        default ->
            leftovers.add(
                stamp
                    + " "
                    + (m.group(2).equals(".restore.tmp") ? "RESTORE_TEMP" : "SIDECAR_TEMP"));
      }
    }
    List<String> listed = new ArrayList<>();
    entries.forEach(
        (stamp, roles) ->
            listed.add(
                stamp
                    + " "
                    + (roles.contains("S")
                        ? (roles.contains("P")
                            ? SnapshotEntry.State.COMPLETE
                            : SnapshotEntry.State.CONSUMED)
                        : SnapshotEntry.State.INCOMPLETE)));
    leftovers.sort(
        Comparator.comparingLong((String l) -> Long.parseLong(l.split(" ")[0])).reversed());
    unfit.sort(Comparator.naturalOrder());
    return listed + " leftovers " + leftovers + " unfit " + unfit;
  }
}
