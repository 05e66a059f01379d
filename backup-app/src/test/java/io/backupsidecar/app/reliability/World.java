package io.backupsidecar.app.reliability;

import io.backupsidecar.adapter.fs.FileChannelDurability;
import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One scenario's filesystem and what the checks know about it: each target's state before the
 * operation, the state a restore should produce, the state each existing snapshot holds, and which
 * snapshots the operation may remove.
 */
final class World {
  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  /** Past the default stale-temp grace (10 minutes), so prune may remove leftovers. */
  static final Duration PAST_GRACE = Duration.ofMinutes(11);

  final FaultyFileSystem fs;
  final MutableClock clock;
  final Path dir;
  final Map<Path, NodeImage> before = new LinkedHashMap<>();
  final Map<Path, NodeImage> restoredTo = new HashMap<>();

  /** Per target: stamp of each snapshot taken in setup -> the state it holds. */
  final Map<Path, Map<Long, NodeImage>> known = new HashMap<>();

  /** Stamps the operation is allowed to remove (prune). */
  final Set<Long> removable = new HashSet<>();

  World(FaultyFileSystem fs, MutableClock clock) throws IOException {
    this.fs = fs;
    this.clock = clock;
    this.dir = fs.getPath("/data");
  }

  static World fresh() throws IOException {
    FaultyFileSystem fs = FaultyFileSystem.overJimfs();
    World w = new World(fs, new MutableClock(START));
    Files.createDirectories(FaultyProvider.unwrap(w.dir));
    return w;
  }

  /** A Backup over this world's filesystem that really flushes (through the wrapper). */
  Backup backup(Policy policy) {
    return backupOn(fs, clock, policy);
  }

  static Backup backupOn(FaultyFileSystem fs, MutableClock clock, Policy policy) {
    return Backup.builder()
        .fileSystem(fs)
        .clock(clock)
        .policy(policy)
        .durability(FileChannelDurability.durable())
        .build();
  }

  Path path(String name) {
    return dir.resolve(name);
  }

  /** Writes a file directly (not logged): setup. */
  void write(String name, byte[] bytes) throws IOException {
    Path d = FaultyProvider.unwrap(path(name));
    Files.deleteIfExists(d);
    Files.write(d, bytes);
  }

  void symlink(String name, String dest) throws IOException {
    Path d = FaultyProvider.unwrap(path(name));
    Files.deleteIfExists(d);
    Files.createSymbolicLink(d, d.getFileSystem().getPath(dest));
  }

  void delete(String name) throws IOException {
    Files.deleteIfExists(FaultyProvider.unwrap(path(name)));
  }

  NodeImage image(Path target) throws IOException {
    return NodeImage.of(fs, target);
  }

  void remember(Path target, long stamp, NodeImage image) {
    known.computeIfAbsent(target, t -> new HashMap<>()).put(stamp, image);
  }

  static byte[] bytes(int size, int seed) {
    byte[] b = new byte[size];
    new java.util.Random(seed).nextBytes(b);
    return b;
  }
}
