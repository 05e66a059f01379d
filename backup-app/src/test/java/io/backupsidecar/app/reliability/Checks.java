package io.backupsidecar.app.reliability;

import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.RestoreOptions;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.model.SnapshotListing;
import io.backupsidecar.domain.model.VerifyFinding;
import io.backupsidecar.domain.model.VerifySummary;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The invariants, each returning the violations it finds as sentences (empty: all hold). */
final class Checks {
  /** Restores proven right, by snapshot files and target state (see snapshotsSound). */
  static final Set<String> RESTORED_RIGHT = ConcurrentHashMap.newKeySet();

  private Checks() {}

  /** The target is as before, or (restore) exactly the restored state. */
  static void targetIntact(
      World w, FaultyFileSystem fs, boolean succeeded, Scenario s, List<String> out)
      throws IOException {
    for (Map.Entry<Path, NodeImage> e : w.before.entrySet()) {
      Path target = fs.getPath(e.getKey().toString());
      NodeImage now = NodeImage.of(fs, target);
      NodeImage restored = w.restoredTo.get(e.getKey());
      boolean ok =
          s.kind == Scenario.Kind.RESTORE
              ? now.equals(restored) || !succeeded && now.equals(e.getValue())
              : now.equals(e.getValue());
      if (!ok) {
        out.add(
            String.format(
                "target %s is %s; expected %s%s",
                target, now, e.getValue(), restored == null ? "" : " or " + restored));
      }
    }
  }

  /**
   * Every snapshot is complete and sound or incomplete (no sidecar) — never a sidecar naming a
   * missing payload, never a damaged one; snapshots taken before the operation are still there
   * (unless the operation may remove them); each complete one restores to the state it holds.
   *
   * @param restore also restore every complete snapshot and compare (changes the target)
   */
  static void snapshotsSound(
      World w, FaultyFileSystem fs, MutableClock clock, boolean restore, List<String> out)
      throws IOException, BackupException {
    Backup backup =
        World.backupOn(fs, clock, Policy.builder().captureRestoreSnapshot(false).build());
    for (Path original : w.before.keySet()) {
      Path target = fs.getPath(original.toString());
      SnapshotListing listing = backup.list(target);
      Map<Long, NodeImage> known = w.known.getOrDefault(original, Map.of());
      Set<Long> seen = new HashSet<>();
      Map<Long, VerifyFinding> findings = new HashMap<>();
      VerifySummary summary =
          backup.verify(List.of(target), f -> findings.put(f.entry().stamp(), f));
      if (!summary.unreadable().isEmpty()) {
        out.add("verify could not read: " + summary.unreadable());
      }
      for (SnapshotEntry entry : listing.entries()) {
        seen.add(entry.stamp());
        switch (entry.state()) {
          // this tool never consumes a payload: a sidecar without one is a crash's damage here
          case CONSUMED -> out.add("sidecar names a missing payload: " + entry.sidecar());
          case INCOMPLETE -> {
            if (known.containsKey(entry.stamp()) && !w.removable.contains(entry.stamp())) {
              out.add("a committed snapshot lost its sidecar: " + entry.payload());
            }
          }
          case COMPLETE -> {
            VerifyFinding f = findings.get(entry.stamp());
            if (f == null || !f.isSound()) {
              out.add(
                  "complete snapshot does not verify: "
                      + entry.sidecar()
                      + " "
                      + (f == null ? "(not checked)" : f.problems()));
              continue;
            }
            if (restore) {
              NodeImage expected = known.getOrDefault(entry.stamp(), w.before.get(original));
              // a restore is a function of the snapshot's two files and the target: once such
              // a triple restored right, the same triple in another crash state will too
              String key =
                  original
                      + "@"
                      + entry.stamp()
                      + ":"
                      + NodeImage.of(fs, entry.sidecar()).hashCode()
                      + ":"
                      + NodeImage.of(fs, entry.payload())
                      + ":"
                      + NodeImage.of(fs, target)
                      + ":"
                      + expected;
              if (!RESTORED_RIGHT.add(key)) {
                continue; // the target stays as it is; the next key says so
              }
              try {
                backup.restore(target, Selection.at(entry.stamp()), RestoreOptions.defaults());
                NodeImage now = NodeImage.of(fs, target);
                if (!now.equals(expected)) {
                  RESTORED_RIGHT.remove(key);
                  out.add(
                      String.format(
                          "snapshot %s restored %s, expected %s", entry.payload(), now, expected));
                }
              } catch (BackupException e) {
                RESTORED_RIGHT.remove(key);
                out.add(
                    "complete snapshot "
                        + entry.sidecar()
                        + " does not restore: "
                        + e.id()
                        + " "
                        + e.getMessage());
              }
            }
          }
          default -> throw new AssertionError(entry.state());
        }
      }
      for (Long stamp : known.keySet()) {
        if (!seen.contains(stamp) && !w.removable.contains(stamp)) {
          out.add("snapshot " + stamp + " of " + target + " was lost");
        }
      }
    }
  }

  /** A prune past the grace period succeeds and leaves no temporary or incomplete artifact. */
  static void pruneCleansUp(World w, FaultyFileSystem fs, MutableClock clock, List<String> out)
      throws IOException {
    clock.advance(World.PAST_GRACE);
    Backup backup = World.backupOn(fs, clock, Policy.defaults());
    for (Path original : w.before.keySet()) {
      Path target = fs.getPath(original.toString());
      try {
        backup.prune(target);
        SnapshotListing listing = backup.list(target);
        for (SnapshotEntry e : listing.entries()) {
          if (!e.isComplete()) {
            out.add("after prune, still " + e.state() + ": " + e.payload());
          }
        }
        if (!listing.leftovers().isEmpty()) {
          out.add("after prune, leftovers remain: " + listing.leftovers());
        }
      } catch (BackupException e) {
        out.add("recovery prune failed: " + e.id() + " " + e.getMessage());
      }
    }
    try (DirectoryStream<Path> s =
        Files.newDirectoryStream(FaultyProvider.unwrap(fs.getPath(w.dir.toString())))) {
      for (Path p : s) {
        if (p.getFileName().toString().endsWith(".tmp")) {
          out.add("temporary file left after prune: " + p);
        }
      }
    }
  }

  /** After a flush failed, the same file or directory is not flushed again in that operation. */
  static void noFlushRetried(List<Op> log, List<String> out) {
    Set<String> failedFiles = new HashSet<>();
    for (Op op : log) {
      if (op.kind() != Op.Kind.FORCE && op.kind() != Op.Kind.DIR_FORCE) {
        continue;
      }
      String key = op.kind() == Op.Kind.FORCE ? "file " + op.path() : "dir " + op.path();
      if (failedFiles.contains(key)) {
        out.add("flush retried after it failed: " + op);
      }
      if (op.failed()) {
        failedFiles.add(key);
      }
    }
  }

  static String describe(Throwable t) {
    StringBuilder b = new StringBuilder(t.toString());
    StackTraceElement[] st = t.getStackTrace();
    for (int i = 0; i < Math.min(6, st.length); i++) {
      b.append("\n    at ").append(st[i]);
    }
    return b.toString();
  }

  static List<String> list() {
    return new ArrayList<>();
  }
}
