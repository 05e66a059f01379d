package io.backupsidecar.adapter.fs.posix;

import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.Durability;
import io.backupsidecar.domain.port.NodeInspector;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The POSIX backend's three ports, for {@code io.backupsidecar.adapter.fs.FsBackend}, which loads
 * this class by name on Java 22 and later (it lives in {@code META-INF/versions/22} of the
 * multi-release jar) and falls back to the NIO backend when it cannot.
 */
public final class PosixBackend {

  private final PosixArtifactStore store = new PosixArtifactStore();
  private final PosixNodeInspector inspector = new PosixNodeInspector(store);
  private final PosixDurability durability = new PosixDurability();

  /**
   * Creates the backend and checks the C library calls (each is linked on first use).
   *
   * @throws UnsupportedOperationException when the OS is not Linux on x86_64 or aarch64 (the flag
   *     values and layouts known here)
   * @throws IllegalCallerException when native access is denied to this code
   */
  public PosixBackend() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    if (!os.equals("linux")) {
      throw new UnsupportedOperationException("the POSIX backend runs on Linux, not on " + os);
    }
    if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
      throw new UnsupportedOperationException(
          "the POSIX backend knows the layouts of x86_64 and aarch64, not of " + arch);
    }
    Libc.probe(); // native access and every symbol: a failure shows here, not mid-snapshot
  }

  /** The inspector: {@code statx} of an {@code O_PATH} descriptor in the held parent. */
  public NodeInspector nodeInspector() {
    return inspector;
  }

  /** The store: directories held by descriptor. */
  public ArtifactStore artifactStore() {
    return store;
  }

  /** The effective uid, the one the kernel checks permissions against. */
  public OptionalInt processUid() {
    return OptionalInt.of(Libc.geteuid());
  }

  /** Flushes by descriptor. */
  public Durability durability() {
    return durability;
  }
}
