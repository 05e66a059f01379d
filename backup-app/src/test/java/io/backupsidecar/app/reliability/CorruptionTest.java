package io.backupsidecar.app.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Jimfs;
import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.RestoreOptions;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.Snapshot;
import io.backupsidecar.domain.model.VerifyFinding;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Corruption detection: every single-bit flip of a 4 KiB payload is caught by verify and refused by
 * restore (target untouched); every truncation and every single-byte edit of a sidecar is flagged
 * by verify or, when it yields another valid sidecar, never makes restore write other bytes than
 * the snapshot's.
 */
class CorruptionTest {
  private static final int SIZE = 4096;
  private static final byte[] PRIOR = World.bytes(SIZE, 100);
  private static final byte[] CURRENT = World.bytes(SIZE, 101);

  /** One Jimfs with a snapshot of a 4 KiB file whose target has since changed. */
  private static final class Fixture {
    final FileSystem fs = Jimfs.newFileSystem(FaultyFileSystem.jimfsConfig());
    final Path target = fs.getPath("/data/secret");
    final Backup backup =
        Backup.builder()
            .fileSystem(fs)
            .clock(new MutableClock(World.START))
            .policy(Policy.builder().captureRestoreSnapshot(false).build())
            .build();
    final Snapshot snapshot;
    final Path payload;
    final Path sidecar;

    Fixture() throws Exception {
      Files.createDirectories(target.getParent());
      Files.write(target, PRIOR);
      snapshot = backup.snapshot(target);
      payload = target.resolveSibling(snapshot.name().payloadFileName());
      sidecar = target.resolveSibling(snapshot.name().sidecarFileName());
      Files.write(target, CURRENT);
    }

    /** The verify findings that are not sound. */
    List<VerifyFinding> damaged() throws BackupException {
      return backup.verify(List.of(target), f -> {}).damaged();
    }

    /** Restores; returns null when it refused with E_RESTORE_FAILED, else what it wrote. */
    byte[] restore(List<String> violations, String what) throws Exception {
      try {
        backup.restore(target, Selection.at(snapshot.name().stamp()), RestoreOptions.defaults());
      } catch (BackupException e) {
        if (e.id() != ErrorId.E_RESTORE_FAILED) {
          violations.add(what + ": restore refused with " + e.id() + " " + e.getMessage());
        }
        if (!Arrays.equals(CURRENT, Files.readAllBytes(target))) {
          violations.add(what + ": a refused restore changed the target");
        }
        return null;
      }
      return Files.readAllBytes(target);
    }
  }

  @Test
  void every_bit_flip_of_a_payload_is_detected_by_verify_and_refused_by_restore() throws Exception {
    ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    AtomicInteger checked = new AtomicInteger();
    int chunks = 8;
    IntStream.range(0, chunks)
        .parallel()
        .forEach(
            chunk -> {
              try {
                Fixture f = new Fixture();
                assertEquals(List.of(), f.damaged());
                try (FileChannel ch =
                    FileChannel.open(
                        f.payload, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                  int bits = SIZE * 8 / chunks;
                  for (int bit = chunk * bits; bit < (chunk + 1) * bits; bit++) {
                    int pos = bit / 8;
                    byte original = PRIOR[pos];
                    ch.write(
                        ByteBuffer.wrap(new byte[] {(byte) (original ^ (1 << (bit % 8)))}), pos);
                    String what = "flip of bit " + bit;
                    if (f.damaged().isEmpty()) {
                      violations.add(what + ": verify found nothing");
                    }
                    List<String> v = new ArrayList<>();
                    if (f.restore(v, what) != null) {
                      v.add(what + ": restore wrote a damaged payload");
                      Files.write(f.target, CURRENT);
                    }
                    violations.addAll(v);
                    ch.write(ByteBuffer.wrap(new byte[] {original}), pos);
                    checked.incrementAndGet();
                  }
                }
                assertEquals(List.of(), f.damaged(), "the payload is whole again");
              } catch (Exception e) {
                violations.add("chunk " + chunk + " threw " + e);
              }
            });
    System.out.printf(
        "[reliability] corruption: %d payload bit flips checked, %d violations (%s)%n",
        checked.get(), violations.size(), CpuTime.seconds());
    assertEquals(SIZE * 8, checked.get());
    assertEquals(List.of(), violations.stream().limit(20).toList(), violations.size() + "");
  }

  @Test
  void every_truncation_and_single_byte_edit_of_a_sidecar_is_flagged_or_harmless()
      throws Exception {
    Fixture f = new Fixture();
    byte[] good = Files.readAllBytes(f.sidecar);
    List<String> violations = new ArrayList<>();
    int truncations = 0;
    int edits = 0;
    int flagged = 0;
    int validOther = 0;
    for (int len = 0; len < good.length; len++) {
      truncations++;
      if (check(f, Arrays.copyOf(good, len), "truncation to " + len, violations, true)) {
        flagged++;
      } else {
        validOther++;
      }
    }
    // the edits, split by position over fixtures of their own so they run on every core
    int chunks = 8;
    int[][] counts = new int[chunks][3];
    List<List<String>> found = new ArrayList<>();
    for (int c = 0; c < chunks; c++) {
      found.add(new ArrayList<>());
    }
    IntStream.range(0, chunks)
        .parallel()
        .forEach(
            c -> {
              try {
                Fixture g = new Fixture();
                byte[] mine = Files.readAllBytes(g.sidecar);
                for (int pos = c; pos < mine.length; pos += chunks) {
                  for (int value = 0; value < 256; value++) {
                    if ((byte) value == mine[pos]) {
                      continue;
                    }
                    byte[] edited = mine.clone();
                    edited[pos] = (byte) value;
                    counts[c][0]++;
                    // restore is also tried on every seventh flagged edit (and every unflagged
                    // one):
                    // it reads the sidecar through the same catalog verify does
                    if (check(
                        g,
                        edited,
                        "byte " + pos + " set to " + value,
                        found.get(c),
                        counts[c][0] % 7 == 0)) {
                      counts[c][1]++;
                    } else {
                      counts[c][2]++;
                    }
                  }
                }
              } catch (Exception e) {
                found.get(c).add("chunk " + c + " threw " + e);
              }
            });
    for (int c = 0; c < chunks; c++) {
      edits += counts[c][0];
      flagged += counts[c][1];
      validOther += counts[c][2];
      violations.addAll(found.get(c));
    }
    Files.write(f.sidecar, good);
    assertEquals(List.of(), f.damaged());
    System.out.printf(
        "[reliability] corruption: %d-byte sidecar, %d truncations and %d "
            + "single-byte edits: %d flagged by verify, %d valid and harmless, %d violations (%s)%n",
        good.length, truncations, edits, flagged, validOther, violations.size(), CpuTime.seconds());
    assertTrue(flagged > 0);
    assertEquals(
        List.of(), violations.subList(0, Math.min(20, violations.size())), violations.size() + "");
  }

  /**
   * @return whether verify flagged the sidecar
   */
  private static boolean check(
      Fixture f, byte[] sidecar, String what, List<String> violations, boolean restoreAnyway)
      throws Exception {
    Files.write(f.sidecar, sidecar);
    boolean flagged = !f.damaged().isEmpty();
    if (flagged && !restoreAnyway) {
      return true;
    }
    byte[] written = f.restore(violations, what);
    if (written != null) {
      if (flagged) {
        violations.add(what + ": verify flagged it but restore used it");
      }
      if (!Arrays.equals(PRIOR, written)) {
        violations.add(what + ": restore wrote other bytes than the snapshot's");
      }
      Files.write(f.target, CURRENT);
    }
    return flagged;
  }

  @Test
  void fixture_restores_the_prior_bytes_when_nothing_is_damaged() throws Exception {
    Fixture f = new Fixture();
    List<String> v = new ArrayList<>();
    assertArrayEquals(PRIOR, f.restore(v, "intact"));
    assertEquals(List.of(), v);
  }
}
