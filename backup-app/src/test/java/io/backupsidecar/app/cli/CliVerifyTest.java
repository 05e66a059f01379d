package io.backupsidecar.app.cli;

import static io.backupsidecar.app.cli.CliHarness.fixedAt;
import static io.backupsidecar.app.cli.CliHarness.flipByte;
import static io.backupsidecar.app.cli.CliHarness.parse;
import static io.backupsidecar.app.cli.CliHarness.payload;
import static io.backupsidecar.app.cli.CliHarness.run;
import static io.backupsidecar.app.cli.CliHarness.sidecar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupsidecar.app.cli.CliHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue "retention/verify": {@code backup verify} over a directory tree. */
class CliVerifyTest {
  private static final long T = 1_700_000_000_000L;

  @TempDir Path root;
  private Path flipped;
  private Path missing;
  private Path truncated;

  /** Five snapshots in a tree: root/a/f1, root/b/f2, root/c/f3, root/d/f4, root/link. */
  @BeforeEach
  void aTreeOfFiveSoundSnapshots() throws Exception {
    flipped = root.resolve("a/f1");
    missing = root.resolve("b/f2");
    truncated = root.resolve("c/deeper/f3");
    Path sound = root.resolve("d/f4");
    for (Path p : List.of(flipped, missing, truncated, sound)) {
      Files.createDirectories(p.getParent());
      Files.writeString(p, "content of " + p.getFileName());
    }
    Path link = root.resolve("link");
    Files.createSymbolicLink(link, Path.of("a/f1"));
    Result r =
        run(
            fixedAt(T),
            "snapshot",
            flipped.toString(),
            missing.toString(),
            truncated.toString(),
            sound.toString(),
            link.toString());
    assertEquals(0, r.exit(), r::toString);
  }

  private void damageThree() throws Exception {
    flipByte(payload(flipped, T), 2);
    Files.delete(payload(missing, T));
    byte[] sidecar = Files.readAllBytes(sidecar(truncated, T));
    Files.write(sidecar(truncated, T), Arrays.copyOf(sidecar, sidecar.length / 2));
  }

  @Test
  void a_sound_tree_verifies_with_exit_0() {
    Result r = run("verify", root.toString());

    assertEquals(0, r.exit(), r::toString);
    assertEquals(List.of("checked 5 snapshots: 5 sound, 0 damaged"), r.outLines());
  }

  @Test
  void verify_reports_exactly_the_flipped_byte_the_missing_payload_and_the_truncated_sidecar()
      throws Exception {
    damageThree();

    Result r = run("verify", root.toString());

    assertEquals(75, r.exit(), r::toString);
    assertTrue(r.err().contains("error E_VERIFY_FAILED:"), r::toString);
    List<String> damaged = r.outLines().stream().filter(l -> l.startsWith("DAMAGED ")).toList();
    assertEquals(3, damaged.size(), r::toString);
    assertEquals(
        1,
        damaged.stream()
            .filter(l -> l.contains(payload(flipped, T).toString()) && l.contains("SHA-256"))
            .count(),
        r::toString);
    assertEquals(
        1,
        damaged.stream()
            .filter(l -> l.contains(payload(missing, T).toString()) && l.contains("missing"))
            .count(),
        r::toString);
    assertEquals(
        1,
        damaged.stream().filter(l -> l.contains(sidecar(truncated, T).toString())).count(),
        r::toString);
    assertTrue(r.out().contains("checked 5 snapshots: 2 sound, 3 damaged"), r::toString);
  }

  @Test
  void verify_json_lists_exactly_the_three_damaged_snapshots() throws Exception {
    damageThree();

    Result r = run("verify", "--json", root.toString());

    assertEquals(75, r.exit(), r::toString);
    JsonNode doc = parse(r.out());
    assertEquals(5, doc.get("checked").asInt());
    assertEquals(2, doc.get("sound").asInt());
    assertEquals(false, doc.get("all_sound").asBoolean());
    Set<String> backups = new TreeSet<>();
    doc.get("damaged")
        .forEach(
            d -> {
              backups.add(d.get("backup").asText());
              assertEquals(1, d.get("problems").size(), d::toString);
            });
    assertEquals(
        new TreeSet<>(
            Set.of(
                payload(flipped, T).getFileName().toString(),
                payload(missing, T).getFileName().toString(),
                payload(truncated, T).getFileName().toString())),
        backups);
  }

  @Test
  void verify_of_one_target_checks_only_its_snapshots() throws Exception {
    damageThree();

    Result r = run("verify", root.resolve("d/f4").toString());

    assertEquals(0, r.exit(), r::toString);
    assertEquals(List.of("checked 1 snapshots: 1 sound, 0 damaged"), r.outLines());
  }
}
