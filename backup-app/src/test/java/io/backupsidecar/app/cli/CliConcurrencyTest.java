package io.backupsidecar.app.cli;

import static io.backupsidecar.app.cli.CliHarness.fixedAt;
import static io.backupsidecar.app.cli.CliHarness.payloads;
import static io.backupsidecar.app.cli.CliHarness.readJson;
import static io.backupsidecar.app.cli.CliHarness.run;
import static io.backupsidecar.app.cli.CliHarness.sha256;
import static io.backupsidecar.app.cli.CliHarness.stampOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.app.cli.CliHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue "foundation": snapshots taken in the same millisecond, by threads of one process or by two
 * processes, all succeed under distinct names.
 */
class CliConcurrencyTest {
  private static final long T = 1_700_000_000_000L;

  @TempDir Path dir;

  /** Every payload of the target has a sidecar that matches it. */
  private static void assertEveryPayloadCommitted(Path target) throws Exception {
    for (String payload : payloads(target, "backup")) {
      Path sidecar = target.resolveSibling(payload + ".meta.json");
      assertTrue(Files.exists(sidecar), "sidecar of " + payload);
      assertEquals(
          sha256(target.resolveSibling(payload)), readJson(sidecar).get("payload_hash").asText());
    }
  }

  @Test
  void threads_snapshotting_one_target_in_the_same_millisecond_all_succeed_with_distinct_names()
      throws Exception {
    Path target = dir.resolve("target");
    Files.writeString(target, "shared");
    Clock sameMillisecond = fixedAt(T);
    int threads = 8;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Result>> runs = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        runs.add(
            pool.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  return run(sameMillisecond, "snapshot", target.toString());
                }));
      }
      for (Future<Result> f : runs) {
        Result r = f.get(30, TimeUnit.SECONDS);
        assertEquals(0, r.exit(), r::toString);
      }
    } finally {
      pool.shutdownNow();
    }

    List<String> payloads = payloads(target, "backup");
    Set<Long> stamps = new TreeSet<>();
    payloads.forEach(p -> stamps.add(stampOf(p)));
    assertEquals(threads, payloads.size(), payloads::toString);
    assertEquals(threads, stamps.size(), payloads::toString);
    assertTrue(stamps.stream().allMatch(s -> s >= T && s < T + threads), stamps::toString);
    assertEveryPayloadCommitted(target);
    assertEquals(1 + 2 * threads, CliHarness.names(dir).size());
  }

  @Test
  void two_processes_snapshotting_in_the_same_millisecond_both_succeed_with_distinct_names()
      throws Exception {
    Path target = dir.resolve("target");
    Files.writeString(target, "shared");
    Path go = Files.createTempFile("cli-go", ".flag");
    Files.delete(go);
    List<Process> processes = new ArrayList<>();
    List<Path[]> outputs = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        List<String> command = new ArrayList<>(CliHarness.javaCommand());
        command.addAll(
            List.of(
                FixedClockMain.class.getName(),
                Long.toString(T),
                go.toString(),
                "snapshot",
                target.toString()));
        Path out = Files.createTempFile("cli-out", ".txt");
        Path err = Files.createTempFile("cli-err", ".txt");
        outputs.add(new Path[] {out, err});
        processes.add(CliHarness.start(dir, command, out, err));
      }
      // both JVMs are up and spinning on the flag by now; release them together
      Thread.sleep(1500);
      Files.createFile(go);
      for (int i = 0; i < 2; i++) {
        Result r = CliHarness.finish(processes.get(i), outputs.get(i)[0], outputs.get(i)[1]);
        assertEquals(0, r.exit(), r::toString);
      }
    } finally {
      processes.forEach(Process::destroyForcibly);
      Files.deleteIfExists(go);
    }

    List<String> payloads = payloads(target, "backup");
    assertEquals(
        List.of(
            CliHarness.payloadName(target, "backup", T),
            CliHarness.payloadName(target, "backup", T + 1)),
        payloads);
    assertEveryPayloadCommitted(target);
  }
}
