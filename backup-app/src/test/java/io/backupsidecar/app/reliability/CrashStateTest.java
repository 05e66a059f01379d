package io.backupsidecar.app.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.app.reliability.FsModel.CrashModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Crash states (after ALICE and Lucene's crash()): for each scenario, after every change the
 * operation made, under each crash model, recover on the surviving state with a fresh Backup and
 * check that no prior state is lost, every snapshot is complete and restorable or ignored as
 * incomplete, no sidecar names a missing payload, and prune cleans up.
 */
class CrashStateTest {
  /**
   * Random power-loss draws per crash point (each keeps, drops or garbles anew): up to {@code
   * MAX_DRAWS}, stopping once {@code SATURATED} draws in a row found nothing new.
   */
  static final int MAX_DRAWS = 150;

  static final int SATURATED = 30;

  /**
   * Runs every scenario here, then hands JUnit one test per scenario and one for the totals: the
   * totals are summed from what this method produced, so each test holds on its own, whichever of
   * them runs and in whatever order.
   */
  @TestFactory
  List<DynamicTest> every_crash_state_recovers_without_losing_a_prior_state() {
    Map<Scenario, Tally> tallies = new LinkedHashMap<>();
    for (Scenario s : Scenario.all()) {
      tallies.put(s, Tally.of(s));
    }
    List<DynamicTest> tests = new ArrayList<>();
    tallies.forEach((s, tally) -> tests.add(DynamicTest.dynamicTest(s.name, tally::assertSound)));
    tests.add(
        DynamicTest.dynamicTest(
            "totals",
            () -> {
              int generated = 0;
              int checked = 0;
              Map<CrashModel, Integer> distinctPerModel = new EnumMap<>(CrashModel.class);
              for (Tally tally : tallies.values()) {
                generated += tally.generated;
                checked += tally.distinct;
                tally.distinctPerModel.forEach(
                    (m, n) -> distinctPerModel.merge(m, n, Integer::sum));
              }
              System.out.printf(
                  "[reliability] crash states: %d generated, %d distinct checked %s (%s)%n",
                  generated, checked, distinctPerModel, CpuTime.seconds());
              assertTrue(checked >= 5000, "at least 5,000 distinct crash states, got " + checked);
            }));
    return tests;
  }

  /** What one scenario's crash states came to: counts and violations, or what it threw. */
  private static final class Tally {
    int generated;
    int distinct;
    final Map<CrashModel, Integer> distinctPerModel = new EnumMap<>(CrashModel.class);
    final List<String> violations = new ArrayList<>();
    Throwable thrown;

    static Tally of(Scenario s) {
      Tally tally = new Tally();
      try {
        crashes(s, tally);
      } catch (Exception | AssertionError e) {
        tally.thrown = e;
      }
      return tally;
    }

    void assertSound() throws Throwable {
      if (thrown != null) {
        throw thrown;
      }
      assertEquals(
          List.of(),
          violations.subList(0, Math.min(20, violations.size())),
          violations.size() + " violations");
    }
  }

  private static void crashes(Scenario s, Tally tally) throws Exception {
    World w = World.fresh();
    s.setup(w);
    FsModel checkpoint = FsModel.checkpoint(w.fs, w.dir);
    w.fs.resetLog();
    s.run(w.backup(s.policy()), w);
    List<Op> changes = FsModel.changes(w.fs.log());
    Map<String, List<String>> results = new HashMap<>();
    Map<CrashModel, Set<String>> perModel = new EnumMap<>(CrashModel.class);
    List<String> violations = tally.violations;
    int scenarioGenerated = 0;
    for (int k = 0; k <= changes.size(); k++) {
      Map<String, FsModel> batch = new LinkedHashMap<>();
      Map<String, CrashModel> firstModel = new HashMap<>();
      for (CrashModel model : CrashModel.values()) {
        int draws = model == CrashModel.RANDOM_POWER_LOSS ? MAX_DRAWS : 1;
        int sinceNew = 0;
        for (int draw = 0; draw < draws && sinceNew < SATURATED; draw++) {
          Random random = new Random(31L * k + draw * 7919L + s.name.hashCode());
          FsModel state = checkpoint.crash(changes, k, model, random);
          String fp = state.fingerprint();
          scenarioGenerated++;
          sinceNew =
              perModel.computeIfAbsent(model, m -> new HashSet<>()).add(fp) ? 0 : sinceNew + 1;
          if (!results.containsKey(fp) && !batch.containsKey(fp)) {
            batch.put(fp, state);
            firstModel.put(fp, model);
          }
        }
      }
      // distinct states are independent (each gets its own Jimfs): check them on all cores
      Map<String, List<String>> found = new ConcurrentHashMap<>();
      batch.entrySet().parallelStream()
          .forEach(e -> found.put(e.getKey(), recover(s, w, e.getValue())));
      for (String fp : batch.keySet()) {
        results.put(fp, found.get(fp));
        for (String v : found.get(fp)) {
          violations.add(
              String.format(
                  "%s, crash after change %d/%d (%s) %s: %s",
                  s.name,
                  k,
                  changes.size(),
                  k == 0 ? "start" : changes.get(k - 1),
                  firstModel.get(fp),
                  v));
        }
      }
    }
    tally.generated = scenarioGenerated;
    tally.distinct = results.size();
    perModel.forEach((m, set) -> tally.distinctPerModel.put(m, set.size()));
    System.out.printf(
        "[reliability] crash states '%s': %d changes, %d generated, %d distinct "
            + "(process %d, pessimistic %d, random %d), %d violations%n",
        s.name,
        changes.size(),
        scenarioGenerated,
        results.size(),
        perModel.get(CrashModel.PROCESS_CRASH).size(),
        perModel.get(CrashModel.PESSIMISTIC_POWER_LOSS).size(),
        perModel.get(CrashModel.RANDOM_POWER_LOSS).size(),
        violations.size());
  }

  /** Recovers on a crash state with a fresh filesystem and Backup; returns the violations. */
  static List<String> recover(Scenario s, World w, FsModel state) {
    FaultyFileSystem fs;
    try {
      fs = state.materialize();
    } catch (IOException e) {
      return List.of("cannot materialize: " + e);
    }
    fs.quiet(true);
    MutableClock clock = new MutableClock(w.clock.instant());
    List<String> out = new ArrayList<>();
    try {
      Checks.targetIntact(w, fs, false, s, out);
      Checks.snapshotsSound(w, fs, clock, true, out);
      Checks.pruneCleansUp(w, fs, clock, out);
    } catch (Exception | Error e) {
      out.add("recovery threw " + Checks.describe(e));
    }
    if (!fs.openHandles().isEmpty()) {
      out.add("handles left open during recovery: " + fs.openHandles());
    }
    return out;
  }
}
