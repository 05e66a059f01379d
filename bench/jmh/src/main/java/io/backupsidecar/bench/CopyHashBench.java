package io.backupsidecar.bench;

import io.backupsidecar.adapter.fs.NioArtifactStore;
import io.backupsidecar.adapter.fs.NioNodeInspector;
import io.backupsidecar.adapter.fs.Sha256Hasher;
import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.NodeState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The one-pass copy+hash of a snapshot payload (NioArtifactStore.copyNew / copyNewSparse with
 * SHA-256), page cache warm, no flush: the CPU-bound heart of a snapshot. Compare with
 * {@link Sha256Bench} (the digest alone) to see how much of the copy the pipeline hides.
 * The data directory is BENCH_DIR or the system temp directory: use a real disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(1)
public class CopyHashBench {

  @Param({"4096", "67108864"})
  public int bytes;

  @Param({"dense", "sparse"})
  public String mode;

  private final NioArtifactStore store = new NioArtifactStore();
  private final Sha256Hasher hasher = new Sha256Hasher();
  private Path dir;
  private Path source;
  private Path destination;
  private NodeState.RegularFile inspected;

  @Setup(Level.Trial)
  public void createSource() throws IOException {
    String base = System.getenv("BENCH_DIR");
    dir = Files.createTempDirectory(base == null ? Path.of(System.getProperty("java.io.tmpdir"))
        : Path.of(base), "jmh-copy");
    byte[] content = new byte[bytes];
    new Random(1).nextBytes(content);
    source = Files.write(dir.resolve("source"), content);
    destination = dir.resolve("copy");
    inspected = (NodeState.RegularFile) new NioNodeInspector().inspect(source);
  }

  @Setup(Level.Invocation)
  public void removeCopy() throws IOException {
    Files.deleteIfExists(destination);
  }

  @TearDown(Level.Trial)
  public void removeAll() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  public Copied copyAndHash() throws IOException {
    return mode.equals("sparse")
        ? store.copyNewSparse(source, inspected, destination, hasher)
        : store.copyNew(source, inspected, destination, hasher);
  }
}
