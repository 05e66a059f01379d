package io.backupsidecar.app.reliability;

import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Snapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One operation under test with the state it starts from: set up a {@link World} (not logged), then
 * {@link #run} the operation through the faulty filesystem.
 */
abstract class Scenario {
  enum Kind {
    SNAPSHOT,
    RESTORE,
    PRUNE
  }

  final String name;
  final Kind kind;

  Scenario(String name, Kind kind) {
    this.name = name;
    this.kind = kind;
  }

  /** Builds the starting state and fills in what the checks need to know. */
  abstract void setup(World w) throws Exception;

  /** The operation. */
  abstract void run(Backup backup, World w) throws BackupException;

  Policy policy() {
    return Policy.defaults();
  }

  /** The error ids the operation may fail with. */
  Set<ErrorId> allowedErrors() {
    switch (kind) {
      case SNAPSHOT:
        return Set.of(ErrorId.E_SNAPSHOT_FAILED);
      case RESTORE:
        // E_SNAPSHOT_FAILED: the capture of the state being replaced failed
        return Set.of(ErrorId.E_RESTORE_FAILED, ErrorId.E_SNAPSHOT_FAILED);
      default:
        return Set.of(ErrorId.E_GENERIC);
    }
  }

  @Override
  public String toString() {
    return name;
  }

  /** Takes a setup snapshot of a target and remembers the state it holds. */
  static void snap(World w, Path target) throws Exception {
    Snapshot s = w.backup(Policy.defaults()).snapshot(target);
    w.remember(target, s.name().stamp(), w.image(target));
    w.clock.advance(Duration.ofSeconds(1));
  }

  static List<Scenario> all() {
    return List.of(
        new Scenario("snapshot of a file with an older snapshot", Kind.SNAPSHOT) {
          @Override
          void setup(World w) throws Exception {
            w.write("config", World.bytes(3000, 1));
            snap(w, w.path("config"));
            w.write("config", World.bytes(2500, 2));
            w.before.put(w.path("config"), w.image(w.path("config")));
          }

          @Override
          void run(Backup b, World w) throws BackupException {
            b.snapshot(w.path("config"));
          }
        },
        new Scenario("snapshot of a 300 KB file (copied in two writes)", Kind.SNAPSHOT) {
          @Override
          void setup(World w) throws Exception {
            w.write("big", World.bytes(300_000, 3));
            w.before.put(w.path("big"), w.image(w.path("big")));
          }

          @Override
          void run(Backup b, World w) throws BackupException {
            b.snapshot(w.path("big"));
          }
        },
        new Scenario("snapshot of a symlink", Kind.SNAPSHOT) {
          @Override
          void setup(World w) throws Exception {
            w.symlink("link", "config-v2");
            w.before.put(w.path("link"), w.image(w.path("link")));
          }

          @Override
          void run(Backup b, World w) throws BackupException {
            b.snapshot(w.path("link"));
          }
        },
        new Scenario("snapshot of an absent target", Kind.SNAPSHOT) {
          @Override
          void setup(World w) throws Exception {
            w.before.put(w.path("gone"), NodeImage.ABSENT);
          }

          @Override
          void run(Backup b, World w) throws BackupException {
            b.snapshot(w.path("gone"));
          }
        },
        new Scenario("snapshot of two targets sharing the flushes", Kind.SNAPSHOT) {
          @Override
          void setup(World w) throws Exception {
            w.write("a", World.bytes(1000, 4));
            w.symlink("b", "/etc/elsewhere");
            w.before.put(w.path("a"), w.image(w.path("a")));
            w.before.put(w.path("b"), w.image(w.path("b")));
          }

          @Override
          void run(Backup b, World w) throws BackupException {
            b.snapshot(List.of(w.path("a"), w.path("b")));
          }
        },
        new Scenario("snapshot of six targets in one call (concurrent flushes)", Kind.SNAPSHOT) {
          @Override
          void setup(World w) throws Exception {
            for (int i = 0; i < 4; i++) {
              w.write("f" + i, World.bytes(200 + 100 * i, 20 + i));
            }
            w.symlink("l", "f0");
            for (String n : List.of("f0", "f1", "f2", "f3", "l", "none")) {
              w.before.put(w.path(n), w.image(w.path(n)));
            }
          }

          @Override
          void run(Backup b, World w) throws BackupException {
            b.snapshot(List.copyOf(w.before.keySet()));
          }
        },
        new Scenario("restore of a changed file (with capture)", Kind.RESTORE) {
          @Override
          void setup(World w) throws Exception {
            w.write("config", World.bytes(2000, 5));
            snap(w, w.path("config"));
            w.restoredTo.put(w.path("config"), w.image(w.path("config")));
            w.write("config", World.bytes(1500, 6));
            w.before.put(w.path("config"), w.image(w.path("config")));
          }

          @Override
          void run(Backup b, World w) throws BackupException {
            b.restore(w.path("config"));
          }
        },
        new Scenario("restore of an absent prior state (removes the target)", Kind.RESTORE) {
          @Override
          void setup(World w) throws Exception {
            snap(w, w.path("new"));
            w.restoredTo.put(w.path("new"), NodeImage.ABSENT);
            w.write("new", World.bytes(700, 7));
            w.before.put(w.path("new"), w.image(w.path("new")));
          }

          @Override
          void run(Backup b, World w) throws BackupException {
            b.restore(w.path("new"));
          }
        },
        new Scenario("restore of a symlink over a file", Kind.RESTORE) {
          @Override
          void setup(World w) throws Exception {
            w.symlink("current", "releases/1");
            snap(w, w.path("current"));
            w.restoredTo.put(w.path("current"), w.image(w.path("current")));
            w.write("current", World.bytes(100, 8));
            w.before.put(w.path("current"), w.image(w.path("current")));
          }

          @Override
          void run(Backup b, World w) throws BackupException {
            b.restore(w.path("current"));
          }
        },
        new Scenario("prune to the newest of four, with stale leftovers", Kind.PRUNE) {
          @Override
          void setup(World w) throws Exception {
            Path t = w.path("hosts");
            long old = World.START.toEpochMilli() - 3_600_000;
            w.write(".hosts.backup." + old + ".bak", new byte[] {1, 2, 3});
            w.write(".hosts.backup." + (old + 1) + ".bak.meta.json.tmp", new byte[] {'{'});
            w.write(".hosts.backup." + (old + 2) + ".restore.tmp", new byte[] {4});
            for (int i = 0; i < 4; i++) {
              w.write("hosts", World.bytes(500 + i, 10 + i));
              snap(w, t);
            }
            long newest = w.known.get(t).keySet().stream().mapToLong(x -> x).max().orElseThrow();
            w.known.get(t).keySet().stream().filter(s -> s != newest).forEach(w.removable::add);
            w.before.put(t, w.image(t));
            w.clock.advance(World.PAST_GRACE);
          }

          @Override
          Policy policy() {
            return Policy.builder().retentionCountLimit(1).build();
          }

          @Override
          void run(Backup b, World w) throws BackupException {
            b.prune(w.path("hosts"));
          }
        },
        new Scenario("prune of ten snapshots down to two", Kind.PRUNE) {
          @Override
          void setup(World w) throws Exception {
            Path t = w.path("state");
            for (int i = 0; i < 10; i++) {
              if (i % 3 == 2) {
                w.delete("state");
              } else {
                w.write("state", World.bytes(50 + i, 40 + i));
              }
              snap(w, t);
            }
            List<Long> stamps = w.known.get(t).keySet().stream().sorted().toList();
            w.removable.addAll(stamps.subList(0, stamps.size() - 2));
            w.before.put(t, w.image(t));
            w.clock.advance(World.PAST_GRACE);
          }

          @Override
          Policy policy() {
            return Policy.builder().retentionCountLimit(2).build();
          }

          @Override
          void run(Backup b, World w) throws BackupException {
            b.prune(w.path("state"));
          }
        });
  }
}
