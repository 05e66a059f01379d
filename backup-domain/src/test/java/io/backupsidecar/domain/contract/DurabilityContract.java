package io.backupsidecar.domain.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.backupsidecar.domain.fakes.Sha256;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.ExtendedAttributes;
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.NodeState.FileMetadata;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.ArtifactDirectory.StageOptions;
import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.Durability;
import io.backupsidecar.domain.port.Hasher;
import io.backupsidecar.domain.port.StagedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Durability} contract, what a caller relies on: a flush reaches every handle it is
 * given, once; a batch is {@code FLUSHED} only if every file was; a failed {@code fsync} is
 * reported as the handle's own {@link IOException} and never retried; when a flush returns or
 * throws, none is still running; and {@link Durability#writesBehind()} asks for write-behind only
 * from a durability that will flush what was written behind. A durability that cannot flush (an
 * in-memory backend) says {@code NOT_SUPPORTED} and leaves the handles alone. Extend it with a
 * {@link Fixture}; give it a store too, and a copy staged as the durability asks is flushed through
 * the real handles.
 */
public abstract class DurabilityContract {

  /** A durability under test, what it promises, and optionally the store it is wired with. */
  protected interface Fixture {
    /** The durability under test. */
    Durability durability();

    /**
     * Whether it flushes through the handles; if not it must report {@code NOT_SUPPORTED} and call
     * none.
     */
    boolean flushes();

    /** The store of the same backend, or {@code null} to skip the tests on real handles. */
    default ArtifactStore store() {
      return null;
    }

    /** Where that store's files are laid out; {@code null} when there is no store. */
    default NodeFixture nodes() throws IOException {
      return null;
    }
  }

  private Fixture fixture;
  private Durability durability;

  /** A fresh fixture. */
  protected abstract Fixture createFixture() throws IOException;

  @BeforeEach
  void setUpDurability() throws IOException {
    fixture = createFixture();
    durability = fixture.durability();
  }

  // ---- files

  @Test
  void every_file_of_a_batch_is_flushed_once_whatever_the_batch_size() throws IOException {
    for (int size : List.of(0, 1, 2, 3, 4, 5, 8, 9, 17, 100)) {
      List<Handle> files = handles(size);

      FlushResult result = durability.flushFiles(files);

      if (fixture.flushes()) {
        assertEquals(FlushResult.FLUSHED, result, size + " files");
        for (Handle file : files) {
          assertEquals(1, file.syncs.get(), "flushes of one of " + size + " files");
        }
      } else {
        assertEquals(FlushResult.NOT_SUPPORTED, result, size + " files");
        assertTrue(files.stream().allMatch(f -> f.syncs.get() == 0), "a handle was called");
      }
    }
  }

  @Test
  void a_batch_is_flushed_only_if_every_file_was() throws IOException {
    for (int size : List.of(1, 3, 20)) {
      List<Handle> files = handles(size);
      files.get(size / 2).result = FlushResult.NOT_SUPPORTED;

      assertEquals(FlushResult.NOT_SUPPORTED, durability.flushFiles(files), size + " files");
    }
  }

  @Test
  void a_failed_file_flush_is_reported_as_it_failed_and_never_retried() throws IOException {
    for (int size : List.of(1, 2, 5, 100)) {
      List<Handle> files = handles(size);
      Handle failing = files.get(size / 2);
      IOException failure = new IOException("fsync failed: EIO");
      failing.failure = failure;

      if (fixture.flushes()) {
        IOException thrown =
            assertThrows(IOException.class, () -> durability.flushFiles(files), size + " files");
        assertSame(failure, thrown, "the handle's own exception, " + size + " files");
        assertEquals(1, failing.syncs.get(), "flushes of the failing file");
        assertTrue(
            files.stream().allMatch(f -> f.syncs.get() <= 1), "a file was flushed twice: retried");
      } else {
        assertEquals(FlushResult.NOT_SUPPORTED, durability.flushFiles(files));
        assertEquals(0, failing.syncs.get());
      }
    }
  }

  @Test
  void no_flush_is_still_running_when_a_batch_returns_or_fails() throws IOException {
    AtomicInteger running = new AtomicInteger();
    List<Handle> files = handles(12);
    files.forEach(f -> f.slow(running));

    durability.flushFiles(files);
    assertEquals(0, running.get(), "flushes still running after a batch returned");

    List<Handle> failing = handles(12);
    failing.forEach(f -> f.slow(running));
    failing.get(0).failure = new IOException("fsync failed");
    try {
      durability.flushFiles(failing);
    } catch (IOException expected) {
      // reported: checked above
    }
    assertEquals(0, running.get(), "flushes still running after a batch failed");
  }

  // ---- directories

  @Test
  void a_directory_flush_reaches_the_directory_once_and_says_what_it_said() throws IOException {
    for (FlushResult said : FlushResult.values()) {
      Directory directory = new Directory();
      directory.result = said;

      FlushResult result = durability.flushDirectory(directory);

      if (fixture.flushes()) {
        assertEquals(said, result);
        assertEquals(1, directory.syncs.get());
      } else {
        assertEquals(FlushResult.NOT_SUPPORTED, result);
        assertEquals(0, directory.syncs.get());
      }
    }
  }

  @Test
  void a_failed_directory_flush_is_reported_as_it_failed_and_never_retried() throws IOException {
    Directory directory = new Directory();
    IOException failure = new IOException("fsync failed: EIO");
    directory.failure = failure;

    if (fixture.flushes()) {
      assertSame(
          failure, assertThrows(IOException.class, () -> durability.flushDirectory(directory)));
      assertEquals(1, directory.syncs.get());
    } else {
      assertEquals(FlushResult.NOT_SUPPORTED, durability.flushDirectory(directory));
      assertEquals(0, directory.syncs.get());
    }
  }

  // ---- write-behind

  @Test
  void writes_behind_only_what_it_will_flush() {
    if (durability.writesBehind()) {
      assertTrue(fixture.flushes(), "asks for copies to be written behind but never flushes them");
    }
  }

  @Test
  void a_copy_staged_as_it_asks_is_flushed_whole_through_the_real_handles() throws IOException {
    ArtifactStore store = fixture.store();
    assumeTrue(store != null, "no store of the same backend given");
    NodeFixture nodes = fixture.nodes();
    byte[] content = new byte[3 * 1024 * 1024 + 17];
    new Random(5).nextBytes(content);
    nodes.file("big", content, 0644);
    boolean reachesStorage = fixture.flushes() && nodes.flushes();
    FlushResult expected = reachesStorage ? FlushResult.FLUSHED : FlushResult.NOT_SUPPORTED;
    Hasher hasher = new Sha256();

    try (ArtifactDirectory dir = store.open(nodes.directory())) {
      NodeState.RegularFile seen = (NodeState.RegularFile) dir.inspect("big");
      try (StagedFile copy =
              dir.stageCopy(
                  "big", seen, hasher, new StageOptions("copy", false, durability.writesBehind()));
          StagedFile small = dir.stageBytes(new byte[] {1}, 0644, StageOptions.named("small"))) {
        assertEquals(expected, durability.flushFiles(List.of(copy, small)));
        copy.link("copy");
        small.link("small");
      }
      assertEquals(expected, durability.flushDirectory(dir));
    }

    assertArrayEquals(content, nodes.bytes("copy"));
    assertArrayEquals(new byte[] {1}, nodes.bytes("small"));
  }

  // ---- handles that count

  private static List<Handle> handles(int count) {
    List<Handle> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      files.add(new Handle());
    }
    return files;
  }

  /** A staged file that counts its flushes and answers as told. */
  private static final class Handle implements StagedFile {
    final AtomicInteger syncs = new AtomicInteger();
    volatile FlushResult result = FlushResult.FLUSHED;
    volatile IOException failure;
    private AtomicInteger running;

    /** Makes each flush take a little while, counted in {@code running} while it does. */
    void slow(AtomicInteger running) {
      this.running = running;
    }

    @Override
    public FlushResult sync() throws IOException {
      syncs.incrementAndGet();
      if (running != null) {
        running.incrementAndGet();
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          running.decrementAndGet();
        }
      }
      if (failure != null) {
        throw failure;
      }
      return result;
    }

    @Override
    public Copied copied() {
      return new Copied(0, Sha256.of(new byte[0]), 0);
    }

    @Override
    public List<String> complete(FileMetadata metadata) {
      throw new UnsupportedOperationException("a durability only flushes");
    }

    @Override
    public void link(String name) {
      throw new UnsupportedOperationException("a durability only flushes");
    }

    @Override
    public void replace(String name) {
      throw new UnsupportedOperationException("a durability only flushes");
    }

    @Override
    public void close() {}
  }

  /** A directory that counts its flushes and answers as told; nothing else. */
  private static final class Directory implements ArtifactDirectory {
    final AtomicInteger syncs = new AtomicInteger();
    FlushResult result = FlushResult.FLUSHED;
    IOException failure;

    @Override
    public FlushResult sync() throws IOException {
      syncs.incrementAndGet();
      if (failure != null) {
        throw failure;
      }
      return result;
    }

    @Override
    public Path path() {
      throw new UnsupportedOperationException("a durability only flushes");
    }

    @Override
    public List<String> list() {
      throw new UnsupportedOperationException("a durability only flushes");
    }

    @Override
    public NodeState inspect(String name) {
      throw new UnsupportedOperationException("a durability only flushes");
    }

    @Override
    public StagedFile stageCopy(
        String source, NodeState.RegularFile expected, Hasher hasher, StageOptions options) {
      throw new UnsupportedOperationException("a durability only flushes");
    }

    @Override
    public StagedFile stageCopyFrom(
        ArtifactDirectory from,
        String source,
        NodeState.RegularFile expected,
        Hasher hasher,
        StageOptions options) {
      throw new UnsupportedOperationException("a durability only flushes");
    }

    @Override
    public StagedFile stageBytes(byte[] bytes, int permissions, StageOptions options) {
      throw new UnsupportedOperationException("a durability only flushes");
    }

    @Override
    public java.nio.channels.SeekableByteChannel openRead(String name) {
      throw new UnsupportedOperationException("a durability only flushes");
    }

    @Override
    public void createSymlink(String name, String destination) {
      throw new UnsupportedOperationException("a durability only flushes");
    }

    @Override
    public SmallFile readSmall(String name, int maxBytes) {
      throw new UnsupportedOperationException("a durability only flushes");
    }

    @Override
    public ContentHash hash(String name, Hasher hasher) {
      throw new UnsupportedOperationException("a durability only flushes");
    }

    @Override
    public ExtendedAttributes xattrs(String name) {
      throw new UnsupportedOperationException("a durability only flushes");
    }

    @Override
    public long mismatch(String first, String second) {
      throw new UnsupportedOperationException("a durability only flushes");
    }

    @Override
    public void rename(String source, String destination) {
      throw new UnsupportedOperationException("a durability only flushes");
    }

    @Override
    public boolean delete(String name) {
      throw new UnsupportedOperationException("a durability only flushes");
    }

    @Override
    public void close() {}
  }
}
