package io.backupsidecar.app.hostile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.PruneResult;
import io.backupsidecar.domain.model.Snapshot;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.model.SnapshotListing;
import io.backupsidecar.domain.model.VerifySummary;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many snapshots of one target at once, from threads of one process and from two processes, and
 * snapshots racing a prune: every name is unique, every snapshot verifies, and a prune never takes
 * a snapshot that is the newest one reported.
 */
class ConcurrentSnapshotsTest {
  @TempDir Path dir;

  private Backup backup(boolean durable, Integer keep) {
    return Backup.builder()
        .fileSystem(FileSystems.getDefault())
        .policy(Policy.builder().requireBackupDurability(durable).retentionCountLimit(keep).build())
        .build();
  }

  /** Runs {@code perThread} snapshots on each of {@code threads} threads, all released at once. */
  private List<Snapshot> hammer(Backup backup, Path target, int threads, int perThread)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<Snapshot>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  List<Snapshot> mine = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    mine.add(backup.snapshot(target));
                  }
                  return mine;
                }));
      }
      start.countDown();
      List<Snapshot> all = new ArrayList<>();
      for (Future<List<Snapshot>> f : futures) {
        all.addAll(f.get());
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }

  private void assertAllUniqueCompleteAndSound(
      Backup backup, Path target, List<Snapshot> taken, int expected) throws BackupException {
    Set<String> names =
        taken.stream().map(s -> s.name().payloadFileName()).collect(Collectors.toSet());
    assertEquals(expected, names.size(), "every snapshot got its own name");
    SnapshotListing listing = backup.list(target);
    assertEquals(expected, listing.complete().size(), "every reported snapshot is on disk");
    assertEquals(expected, listing.entries().size(), "no incomplete leftovers");
    Set<String> onDisk =
        listing.complete().stream()
            .map(e -> e.name().payloadFileName())
            .collect(Collectors.toSet());
    assertEquals(names, onDisk);
    VerifySummary summary = backup.verify(List.of(target), f -> {});
    assertEquals(expected, summary.checked());
    assertTrue(summary.allSound(), () -> "damaged: " + summary.damaged());
  }

  /**
   * Snapshots per thread of the eight-thread run: the reliability issue's full 8 x 1,000. Each
   * snapshot lists the target's directory to start after the newest stamp on disk, so a run grows
   * with the square of its size; with the digit scan of BackupName.newestStamp the full run takes
   * about 30 s on two cores (it took 170-230 s when every name was parsed). {@code
   * -Dhostile.perThread=N} changes it.
   */
  private static final int PER_THREAD = Integer.getInteger("hostile.perThread", 1000);

  @Test
  void eight_threads_snapshotting_one_target_without_durability_all_unique_and_sound()
      throws Exception {
    Path target = Files.write(dir.resolve("config"), "same content\n".getBytes(UTF_8));
    Backup backup = backup(false, null);

    long start = System.nanoTime();
    List<Snapshot> taken =
        assertTimeoutPreemptively(
            Duration.ofSeconds(PER_THREAD <= 250 ? 60 : 900),
            () -> hammer(backup, target, 8, PER_THREAD));
    System.out.printf(
        "hostile: 8 threads x %d snapshots (no durability) in %.1f s%n",
        PER_THREAD, (System.nanoTime() - start) / 1e9);

    assertAllUniqueCompleteAndSound(backup, target, taken, 8 * PER_THREAD);
  }

  @Test
  void four_threads_of_durable_snapshots_all_unique_durable_and_sound() throws Exception {
    Path target = Files.write(dir.resolve("config"), "durable content\n".getBytes(UTF_8));
    Backup backup = backup(true, null);

    long start = System.nanoTime();
    List<Snapshot> taken =
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> hammer(backup, target, 4, 50));
    System.out.printf(
        "hostile: 4 threads x 50 durable snapshots in %.1f s%n", (System.nanoTime() - start) / 1e9);

    assertTrue(taken.stream().allMatch(Snapshot::durable), "every flush happened");
    assertAllUniqueCompleteAndSound(backup, target, taken, 200);
  }

  @Test
  void snapshots_racing_prune_keep_1_never_lose_the_newest_reported_snapshot() throws Exception {
    Path target = Files.write(dir.resolve("config"), "raced\n".getBytes(UTF_8));
    Backup snapshotter = backup(false, null);
    Backup pruner = backup(false, 1);
    Set<String> pruned = ConcurrentHashMap.newKeySet();
    AtomicBoolean done = new AtomicBoolean();
    int[] prunes = new int[1];

    List<Snapshot> taken =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () -> {
              ExecutorService pool = Executors.newSingleThreadExecutor();
              try {
                Future<?> pruning =
                    pool.submit(
                        (Callable<Void>)
                            () -> {
                              while (!done.get()) {
                                PruneResult r = pruner.prune(target);
                                prunes[0]++;
                                for (SnapshotEntry e : r.pruned()) {
                                  pruned.add(e.name().payloadFileName());
                                }
                              }
                              return null;
                            });
                try {
                  return hammer(snapshotter, target, 4, 300);
                } finally {
                  done.set(true);
                  pruning.get();
                }
              } finally {
                pool.shutdownNow();
              }
            });

    assertTrue(prunes[0] > 10, "prune ran during the snapshots: " + prunes[0]);
    long newest = taken.stream().mapToLong(s -> s.name().stamp()).max().orElseThrow();
    Set<String> onDisk =
        snapshotter.list(target).complete().stream()
            .map(e -> e.name().payloadFileName())
            .collect(Collectors.toSet());
    for (Snapshot s : taken) {
      String name = s.name().payloadFileName();
      if (s.name().stamp() == newest) {
        assertTrue(onDisk.contains(name), "the newest reported snapshot exists: " + name);
      } else {
        assertTrue(
            onDisk.contains(name) || pruned.contains(name),
            "a reported snapshot is on disk or was pruned as not-newest: " + name);
      }
    }
    assertTrue(Collections.disjoint(onDisk, pruned), "nothing reported pruned is still there");
    VerifySummary summary = snapshotter.verify(List.of(target), f -> {});
    assertTrue(summary.allSound(), () -> "damaged: " + summary.damaged());
    // a final prune leaves exactly the newest
    pruner.prune(target);
    assertEquals(
        List.of(newest),
        snapshotter.list(target).entries().stream().map(SnapshotEntry::stamp).toList());
  }

  @Test
  void two_processes_snapshotting_the_same_target_get_unique_sound_snapshots() throws Exception {
    Path target = Files.write(dir.resolve("shared"), "two processes\n".getBytes(UTF_8));
    int perProcessLoop = 5;
    ObjectMapper json = new ObjectMapper();
    List<String> reported = Collections.synchronizedList(new ArrayList<>());

    assertTimeoutPreemptively(
        Duration.ofSeconds(90),
        () -> {
          ExecutorService pool = Executors.newFixedThreadPool(2);
          try {
            List<Future<?>> loops = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
              loops.add(
                  pool.submit(
                      (Callable<Void>)
                          () -> {
                            for (int i = 0; i < perProcessLoop; i++) {
                              List<String> cmd =
                                  new ArrayList<>(Hostile.javaMain(Hostile.classPath()));
                              cmd.addAll(List.of("snapshot", "--json", target.toString()));
                              Hostile.Run run = Hostile.exec(cmd, 60);
                              assertEquals(0, run.exit(), run::toString);
                              for (JsonNode n : json.readTree(run.out()).get("snapshots")) {
                                reported.add(
                                    Path.of(n.get("backup").asText()).getFileName().toString());
                              }
                            }
                            return null;
                          }));
            }
            for (Future<?> f : loops) {
              f.get();
            }
          } finally {
            pool.shutdownNow();
          }
        });

    assertEquals(2 * perProcessLoop, new HashSet<>(reported).size(), "unique names");
    Backup backup = backup(true, null);
    assertEquals(
        new HashSet<>(reported),
        backup.list(target).complete().stream()
            .map(e -> e.name().payloadFileName())
            .collect(Collectors.toSet()));
    VerifySummary summary = backup.verify(List.of(target), f -> {});
    assertEquals(2 * perProcessLoop, summary.checked());
    assertTrue(summary.allSound(), () -> "damaged: " + summary.damaged());
  }
}
