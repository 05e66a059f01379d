package io.backupsidecar.app.hostile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.backupsidecar.adapter.fs.FileChannelDurability;
import io.backupsidecar.adapter.fs.FsBackend;
import io.backupsidecar.adapter.fs.NioArtifactStore;
import io.backupsidecar.adapter.fs.NioNodeInspector;
import io.backupsidecar.adapter.fs.Sha256Hasher;
import io.backupsidecar.adapter.sidecar.JacksonSidecarCodec;
import io.backupsidecar.app.support.ForwardingArtifactDirectory;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Snapshot;
import io.backupsidecar.domain.model.VerifySummary;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.FactEmitter;
import io.backupsidecar.domain.service.Ports;
import io.backupsidecar.domain.service.Services;
import io.backupsidecar.domain.service.SnapshotCatalog;
import io.backupsidecar.domain.service.SnapshotService;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target is changed in the window between inspecting it and copying it. The snapshot either
 * fails with {@code E_SNAPSHOT_FAILED} leaving nothing behind, or records exactly the bytes it
 * copied: never a sidecar whose hash does not match its payload.
 */
class SwapDuringSnapshotTest {
  @TempDir Path dir;

  /**
   * The NIO store whose directories inspect through the real one, then run {@code swap} once, right
   * after the target was inspected.
   */
  private static final class SwappingStore implements ArtifactStore {
    private final ArtifactStore delegate = new NioArtifactStore();
    private final Path target;
    private final IoAction swap;
    private final AtomicBoolean done = new AtomicBoolean();

    SwappingStore(Path target, IoAction swap) {
      this.target = target;
      this.swap = swap;
    }

    @Override
    public ArtifactDirectory open(Path directory) throws IOException {
      return new ForwardingArtifactDirectory(delegate.open(directory)) {
        @Override
        public NodeState inspect(String name) throws IOException {
          NodeState state = super.inspect(name);
          if (path().resolve(name).equals(target) && done.compareAndSet(false, true)) {
            swap.run();
          }
          return state;
        }
      };
    }
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }

  private Ports ports(ArtifactStore store) {
    return new Ports(
        new NioNodeInspector(),
        store,
        FileChannelDurability.forFileSystem(FileSystems.getDefault()),
        new Sha256Hasher(),
        new JacksonSidecarCodec(),
        FactEmitter.none(),
        Clock.systemUTC(),
        "hostile-test",
        FsBackend.nio(FileSystems.getDefault()).processUid());
  }

  private Snapshot snapshot(Path target, IoAction swap) throws BackupException {
    SnapshotService service = Services.wire(ports(new SwappingStore(target, swap))).snapshots();
    try {
      return assertTimeoutPreemptively(
          Duration.ofSeconds(20), () -> service.snapshot(target, Policy.defaults()));
    } finally {
      assertEverySidecarMatchesItsPayload(target);
    }
  }

  /** Verify finds nothing damaged, and each file sidecar's hash is that of its payload bytes. */
  private void assertEverySidecarMatchesItsPayload(Path target) {
    Ports ports = ports(new NioArtifactStore());
    try {
      VerifySummary summary =
          Services.wire(ports).verifier().verify(List.of(target), Policy.defaults(), f -> {});
      assertTrue(summary.allSound(), () -> "damaged: " + summary.damaged());
      SnapshotCatalog catalog = Services.wire(ports).catalog();
      for (var entry : catalog.list(target, Policy.defaults().tag()).entries()) {
        assertTrue(entry.isComplete(), "no incomplete leftover: " + entry);
        Sidecar sidecar = catalog.read(entry);
        if (sidecar.prior() instanceof Sidecar.PriorFile f) {
          assertEquals(Hostile.sha256(Files.readAllBytes(entry.payload())), f.payloadHash().hex());
          assertEquals(Files.size(entry.payload()), f.size());
        }
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private List<String> artifacts() throws IOException {
    return Hostile.names(dir).stream().filter(n -> n.startsWith(".")).toList();
  }

  @Test
  void a_file_renamed_over_the_target_fails_the_snapshot_and_leaves_nothing() throws Exception {
    Path target = Files.writeString(dir.resolve("target"), "inspected");
    Path other = Files.writeString(dir.resolve("other"), "swapped in, longer content");

    BackupException e =
        assertThrows(
            BackupException.class,
            () ->
                snapshot(
                    target,
                    () ->
                        Files.move(
                            other,
                            target,
                            StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE)));

    assertEquals(ErrorId.E_SNAPSHOT_FAILED, e.id());
    assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("replaced"), e.getMessage());
    assertEquals(List.of(), artifacts());
  }

  @Test
  void a_file_rewritten_in_place_is_recorded_exactly_as_copied() throws Exception {
    Path target = Files.writeString(dir.resolve("target"), "inspected, short");
    byte[] rewritten = "rewritten in place after inspection, a different size".getBytes(UTF_8);

    Snapshot s = snapshot(target, () -> Files.write(target, rewritten));

    Sidecar.PriorFile prior = (Sidecar.PriorFile) s.sidecar().prior();
    assertEquals(Hostile.sha256(rewritten), prior.payloadHash().hex());
    assertEquals(rewritten.length, prior.size());
    assertEquals(Hostile.sha256(rewritten), Hostile.sha256(Files.readAllBytes(s.payload())));
  }

  @Test
  void a_fifo_swapped_in_fails_the_snapshot_without_opening_it() throws Exception {
    assumeTrue(
        Hostile.onLinux() && Hostile.commandExists("mkfifo"), "needs Linux and mkfifo (coreutils)");
    Path target = Files.writeString(dir.resolve("target"), "inspected");

    BackupException e =
        assertThrows(
            BackupException.class,
            () ->
                snapshot(
                    target,
                    () -> {
                      Files.delete(target);
                      try {
                        Hostile.exec(List.of("mkfifo", target.toString()), 10);
                      } catch (InterruptedException ie) {
                        throw new IOException(ie);
                      }
                    }));

    assertEquals(ErrorId.E_SNAPSHOT_FAILED, e.id());
    assertEquals(List.of(), artifacts());
  }

  @Test
  void a_symlink_swapped_in_is_not_followed() throws Exception {
    Path target = Files.writeString(dir.resolve("target"), "inspected");
    Path secret = Files.writeString(dir.resolve("secret"), "must not be copied");
    Map<String, String> before = Hostile.fingerprint(dir);

    BackupException e =
        assertThrows(
            BackupException.class,
            () ->
                snapshot(
                    target,
                    () -> {
                      Files.delete(target);
                      Files.createSymbolicLink(target, secret);
                    }));

    assertEquals(ErrorId.E_SNAPSHOT_FAILED, e.id());
    assertEquals(List.of(), artifacts());
    assertEquals(before.get("secret"), Hostile.fingerprint(dir).get("secret"));
  }

  @Test
  void a_directory_swapped_in_fails_the_snapshot() throws Exception {
    Path target = Files.writeString(dir.resolve("target"), "inspected");

    BackupException e =
        assertThrows(
            BackupException.class,
            () ->
                snapshot(
                    target,
                    () -> {
                      Files.delete(target);
                      Files.createDirectory(target);
                    }));

    assertEquals(ErrorId.E_SNAPSHOT_FAILED, e.id());
    assertEquals(List.of(), artifacts());
  }

  @Test
  void a_target_created_after_it_was_seen_absent_is_recorded_as_absent() throws Exception {
    Path target = dir.resolve("target");

    Snapshot s = snapshot(target, () -> Files.writeString(target, "appeared"));

    // the tombstone records what was inspected: absent. Restoring it would remove the file
    // that appeared, which is the state at the snapshot's moment.
    assertEquals(Sidecar.PriorNone.class, s.sidecar().prior().getClass());
    assertEquals(0, Files.size(s.payload()));
  }
}
