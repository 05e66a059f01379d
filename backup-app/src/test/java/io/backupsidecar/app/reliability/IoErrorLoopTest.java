package io.backupsidecar.app.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.model.BackupException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The I/O-error loop (after SQLite's): for each scenario, every operation index i, every fault the
 * OS could give that operation, once and from then on — the invariants hold.
 */
class IoErrorLoopTest {

  /** Totals across scenarios, printed for the build log and docs/RELIABILITY.md. */
  static int runs;

  static int injected;

  @TestFactory
  List<DynamicTest> every_io_failure_leaves_target_and_history_intact() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Scenario s : Scenario.all()) {
      tests.add(DynamicTest.dynamicTest(s.name, () -> loop(s)));
    }
    tests.add(
        DynamicTest.dynamicTest(
            "totals",
            () -> {
              System.out.printf(
                  "[reliability] I/O-error loop: %d faulted runs, %d faults injected (%s)%n",
                  runs, injected, CpuTime.seconds());
              assertTrue(runs > 0);
            }));
    return tests;
  }

  private static void loop(Scenario s) throws Exception {
    // the fault-free run: how many operations there are, and of which kinds
    World clean = World.fresh();
    s.setup(clean);
    clean.fs.resetLog();
    s.run(clean.backup(s.policy()), clean);
    List<Op> reference = clean.fs.log();
    int count = clean.fs.operationCount();
    // the adapters' every call goes through the wrapper, the directory flush included
    assertTrue(
        reference.stream().anyMatch(o -> o.kind() == Op.Kind.DIR_FORCE),
        "no directory flush was seen: " + reference);
    assertTrue(clean.fs.openHandles().isEmpty(), "handles left open: " + clean.fs.openHandles());
    List<String> violations = new ArrayList<>();
    int scenarioRuns = 0;
    for (int i = 0; i < count; i++) {
      Op.Kind kind = kindAt(reference, i);
      for (Fault fault : Fault.values()) {
        if (!fault.appliesTo(kind)) {
          continue;
        }
        for (Fault.Mode mode : Fault.Mode.values()) {
          scenarioRuns++;
          List<String> found = faultedRun(s, i, fault, mode);
          for (String v : found) {
            violations.add(
                String.format("%s, op #%d (%s) %s %s: %s", s.name, i, kind, fault, mode, v));
          }
        }
      }
    }
    synchronized (IoErrorLoopTest.class) {
      runs += scenarioRuns;
    }
    System.out.printf(
        "[reliability] I/O-error loop '%s': %d operations, %d faulted runs, " + "%d violations%n",
        s.name, count, scenarioRuns, violations.size());
    assertEquals(
        List.of(),
        violations.subList(0, Math.min(20, violations.size())),
        violations.size() + " violations");
  }

  private static Op.Kind kindAt(List<Op> log, int index) {
    return log.stream().filter(o -> o.index() == index).findFirst().orElseThrow().kind();
  }

  static List<String> faultedRun(Scenario s, int i, Fault fault, Fault.Mode mode) throws Exception {
    World w = World.fresh();
    s.setup(w);
    w.fs.resetLog();
    w.fs.arm(i, fault, mode);
    List<String> out = new ArrayList<>();
    boolean succeeded = false;
    try {
      s.run(w.backup(s.policy()), w);
      succeeded = true;
    } catch (BackupException e) {
      if (!s.allowedErrors().contains(e.id())) {
        out.add(
            "failed with "
                + e.id()
                + ", expected one of "
                + s.allowedErrors()
                + ": "
                + e.getMessage());
      }
    } catch (Throwable t) {
      out.add("threw something else than a BackupException: " + Checks.describe(t));
    }
    w.fs.disarm();
    synchronized (IoErrorLoopTest.class) {
      injected += w.fs.injectedCount();
    }
    List<Op> log = w.fs.log();
    if (!w.fs.openHandles().isEmpty()) {
      out.add("handles left open: " + w.fs.openHandles());
    }
    Checks.noFlushRetried(log, out);
    w.fs.quiet(true);
    Checks.targetIntact(w, w.fs, succeeded, s, out);
    Checks.snapshotsSound(w, w.fs, w.clock, true, out);
    Checks.pruneCleansUp(w, w.fs, w.clock, out);
    return out;
  }
}
