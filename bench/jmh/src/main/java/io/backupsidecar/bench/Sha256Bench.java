package io.backupsidecar.bench;

import io.backupsidecar.adapter.fs.Sha256Hasher;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.port.Hasher;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** SHA-256 of 64 MiB in 256 KiB pieces through the Hasher port: the floor of a copy+hash. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Sha256Bench {
  private static final int PIECE = 256 * 1024;
  private final Hasher hasher = new Sha256Hasher();
  private byte[] piece;

  @Setup
  public void fill() {
    piece = new byte[PIECE];
    new Random(2).nextBytes(piece);
  }

  @Benchmark
  public ContentHash sha256Of64MiB() {
    Hasher.Session session = hasher.newSession();
    for (int i = 0; i < 256; i++) {
      session.update(piece, 0, PIECE);
    }
    return session.finish();
  }
}
