package io.backupsidecar.bench;

import io.backupsidecar.adapter.sidecar.JacksonSidecarCodec;
import io.backupsidecar.domain.model.ArtifactName;
import io.backupsidecar.domain.model.BackupName;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.FileMode;
import io.backupsidecar.domain.model.SchemaVersion;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SidecarFormatException;
import io.backupsidecar.domain.model.Tag;
import java.time.Instant;
import java.util.Optional;
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

/**
 * The per-entry work of a long list or a snapshot: parsing a directory entry's name, encoding
 * a sidecar, decoding one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NameAndSidecarBench {
  private final JacksonSidecarCodec codec = new JacksonSidecarCodec();
  private Sidecar sidecar;
  private byte[] encoded;
  // Fields, not constants: the JIT must not fold the parse of a literal away.
  private String sidecarName = ".nginx.conf.backup.1795564121688.bak.meta.json";
  private String unrelatedName = "unrelated-00042.txt";

  @Setup
  public void build() {
    sidecar = new Sidecar(SchemaVersion.V3,
        new Sidecar.PriorFile(FileMode.regular(0644),
            new ContentHash("98ea6e4f216f2fb4b69fff9b3a44842c38686ca685f3f55dc48c5d3fb1107be4"),
            1234567L, 1000, 1000, Instant.parse("2025-11-24T23:48:41.085357545Z")),
        new Sidecar.Provenance(Instant.parse("2025-11-24T23:48:41.688058107Z"),
            new Tag("backup"), "nginx.conf", "backup/0.1.0", Sidecar.Origin.SNAPSHOT));
    encoded = codec.encode(sidecar);
  }

  @Benchmark
  public Optional<ArtifactName> parseSidecarName() {
    return BackupName.parse(sidecarName);
  }

  @Benchmark
  public Optional<ArtifactName> parseUnrelatedName() {
    return BackupName.parse(unrelatedName);
  }

  @Benchmark
  public byte[] encodeSidecar() {
    return codec.encode(sidecar);
  }

  @Benchmark
  public Sidecar decodeSidecar() throws SidecarFormatException {
    return codec.decode(encoded, "bench");
  }
}
