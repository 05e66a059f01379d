package io.backupsidecar.adapter.fs;

import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.Durability;
import io.backupsidecar.domain.port.NodeInspector;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.FileSystem;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The filesystem ports to wire for a {@link FileSystem}: the POSIX backend (by file descriptor,
 * {@code java.lang.foreign}) on the default filesystem of Linux when running on Java 22 or later,
 * else the portable NIO backend.
 *
 * <p>The POSIX classes live in {@code META-INF/versions/22} of this multi-release jar and are
 * loaded by name, so this class links on Java 17. Any failure to load or start them (an older JDK,
 * another OS or architecture, native access denied) chooses NIO, and {@link #fallbackReason} says
 * why.
 */
public final class FsBackend {

  private static final String POSIX_BACKEND = "io.backupsidecar.adapter.fs.posix.PosixBackend";

  private final String name;
  private final NodeInspector nodeInspector;
  private final ArtifactStore artifactStore;
  private final Durability durability;
  private final OptionalInt processUid;
  private final String fallbackReason;

  private FsBackend(
      String name,
      NodeInspector nodeInspector,
      ArtifactStore artifactStore,
      Durability durability,
      OptionalInt processUid,
      String fallbackReason) {
    this.name = name;
    this.nodeInspector = nodeInspector;
    this.artifactStore = artifactStore;
    this.durability = durability;
    this.processUid = processUid;
    this.fallbackReason = fallbackReason;
  }

  /** The best backend for {@code fileSystem}: POSIX where it can run, else NIO. */
  public static FsBackend forFileSystem(FileSystem fileSystem) {
    return forFileSystem(fileSystem, false);
  }

  /**
   * The best backend for {@code fileSystem}: POSIX where it can run, else NIO.
   *
   * @param allowSharedDirectories let the NIO backend, when it is the one chosen, act as root in a
   *     directory another user can write (see {@link
   *     NioArtifactStore#allowingSharedDirectories()}); the POSIX backend acts by descriptor and
   *     needs no such refusal
   */
  public static FsBackend forFileSystem(FileSystem fileSystem, boolean allowSharedDirectories) {
    Objects.requireNonNull(fileSystem, "fileSystem");
    String reason = posixUnavailable(fileSystem);
    if (reason != null) {
      return nio(fileSystem, reason, allowSharedDirectories);
    }
    try {
      Class<?> type = Class.forName(POSIX_BACKEND, true, FsBackend.class.getClassLoader());
      Object backend = type.getConstructor().newInstance();
      return new FsBackend(
          "posix",
          (NodeInspector) type.getMethod("nodeInspector").invoke(backend),
          (ArtifactStore) type.getMethod("artifactStore").invoke(backend),
          (Durability) type.getMethod("durability").invoke(backend),
          (OptionalInt) type.getMethod("processUid").invoke(backend),
          null);
    } catch (InvocationTargetException e) {
      return nio(
          fileSystem,
          "the POSIX backend failed to start: " + describe(e.getCause()),
          allowSharedDirectories);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return nio(fileSystem, "the POSIX backend could not be loaded: " + e, allowSharedDirectories);
    }
  }

  /** The portable NIO backend, whatever the platform (for example to compare the two). */
  public static FsBackend nio(FileSystem fileSystem) {
    return nio(
        Objects.requireNonNull(fileSystem, "fileSystem"), "the NIO backend was asked for", false);
  }

  private static FsBackend nio(
      FileSystem fileSystem, String reason, boolean allowSharedDirectories) {
    return new FsBackend(
        "nio",
        new NioNodeInspector(),
        allowSharedDirectories
            ? NioArtifactStore.allowingSharedDirectories()
            : new NioArtifactStore(),
        FileChannelDurability.forFileSystem(fileSystem),
        // the platform's owners are the process's; another provider's (Jimfs) are not
        "file".equals(fileSystem.provider().getScheme())
                && fileSystem.supportedFileAttributeViews().contains("unix")
            ? ProcessUid.current()
            : OptionalInt.empty(),
        reason);
  }

  private static String describe(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof ExceptionInInitializerError && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof IllegalCallerException) {
      return cause + " (run java with --enable-native-access=ALL-UNNAMED)";
    }
    return String.valueOf(cause);
  }

  /** Why the POSIX backend cannot serve {@code fileSystem}, or {@code null} if it may. */
  private static String posixUnavailable(FileSystem fileSystem) {
    // The platform's own provider is the one with the "file" scheme (Jimfs is "jimfs", zip
    // filesystems "jar"); asking by scheme keeps adapters off FileSystems.getDefault().
    if (!"file".equals(fileSystem.provider().getScheme())) {
      return "not the default filesystem (" + fileSystem.provider().getScheme() + ")";
    }
    int feature = Runtime.version().feature();
    if (feature < 22) {
      return "Java " + feature + " has no final foreign function API (Java 22 or later needed)";
    }
    String os = System.getProperty("os.name", "");
    if (!os.toLowerCase(Locale.ROOT).equals("linux")) {
      return "the OS is " + os + ", not Linux";
    }
    return null;
  }

  /** {@code "posix"} or {@code "nio"}. */
  public String name() {
    return name;
  }

  /** The inspector to wire. */
  public NodeInspector nodeInspector() {
    return nodeInspector;
  }

  /** The store to wire. */
  public ArtifactStore artifactStore() {
    return artifactStore;
  }

  /** The durability to wire. */
  public Durability durability() {
    return durability;
  }

  /**
   * The uid restore's trust check compares sidecar owners with: the effective uid for the POSIX
   * backend, the real uid for NIO on the platform filesystem of a Unix host, empty elsewhere (the
   * backend's owners are not the process's).
   */
  public OptionalInt processUid() {
    return processUid;
  }

  /** Why the NIO backend was chosen (for a debug message); empty for the POSIX backend. */
  public Optional<String> fallbackReason() {
    return Optional.ofNullable(fallbackReason);
  }

  @Override
  public String toString() {
    return "FsBackend[" + name + (fallbackReason == null ? "" : ": " + fallbackReason) + "]";
  }
}
