package io.backupsidecar.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.model.NodeState.FileMetadata;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.ArtifactDirectory.StageOptions;
import io.backupsidecar.domain.port.StagedFile;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileChannelDurabilityTest {

  @TempDir Path tempDir;

  /** A staged file that only counts its flushes, failing the ones asked to. */
  private static final class CountingFile implements StagedFile {
    final AtomicInteger syncs = new AtomicInteger();
    private final boolean fails;

    CountingFile(boolean fails) {
      this.fails = fails;
    }

    @Override
    public FlushResult sync() throws IOException {
      syncs.incrementAndGet();
      if (fails) {
        throw new IOException("fsync failed");
      }
      return FlushResult.FLUSHED;
    }

    @Override
    public Copied copied() {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<String> complete(FileMetadata metadata) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void link(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void replace(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  private static List<CountingFile> counting(int count, int failing) {
    List<CountingFile> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      files.add(new CountingFile(i == failing));
    }
    return files;
  }

  @Test
  void durable_flushes_real_staged_files_and_their_directory() throws IOException {
    try (ArtifactDirectory dir = new NioArtifactStore().open(tempDir)) {
      List<StagedFile> files = new ArrayList<>();
      try {
        for (int i = 0; i < 40; i++) {
          files.add(dir.stageBytes(new byte[] {(byte) i}, 0644, StageOptions.named("f" + i)));
        }
        assertEquals(FlushResult.FLUSHED, FileChannelDurability.durable().flushFiles(files));
        for (int i = 0; i < files.size(); i++) {
          files.get(i).link("f" + i);
        }
      } finally {
        for (StagedFile file : files) {
          file.close();
        }
      }
      assertEquals(FlushResult.FLUSHED, FileChannelDurability.durable().flushDirectory(dir));
      assertEquals(40, dir.list().size());
    }
  }

  @Test
  void a_concurrent_batch_flushes_each_file_once_and_never_retries_a_failure() {
    List<CountingFile> files = counting(100, 50);

    IOException e =
        assertThrows(IOException.class, () -> FileChannelDurability.durable().flushFiles(files));

    assertEquals("fsync failed", e.getMessage());
    assertEquals(1, files.get(50).syncs.get());
    assertTrue(files.stream().allMatch(f -> f.syncs.get() <= 1));
  }

  @Test
  void a_concurrent_batch_is_not_flushed_unless_every_file_was() throws IOException {
    List<Integer> files = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      files.add(i);
    }

    FlushResult result =
        ConcurrentFlush.flushAll(
            files, i -> i == 3 ? FlushResult.NOT_SUPPORTED : FlushResult.FLUSHED);

    assertEquals(FlushResult.NOT_SUPPORTED, result);
  }

  @Test
  void memory_only_flushes_nothing_and_says_so() throws IOException {
    List<CountingFile> files = counting(5, 2);
    FileChannelDurability durability = FileChannelDurability.memoryOnly();

    assertEquals(FlushResult.NOT_SUPPORTED, durability.flushFiles(files));
    try (ArtifactDirectory dir = new NioArtifactStore().open(tempDir)) {
      assertEquals(FlushResult.NOT_SUPPORTED, durability.flushDirectory(dir));
    }
    assertTrue(files.stream().allMatch(f -> f.syncs.get() == 0));
  }

  @Test
  void only_the_durable_instance_writes_copies_behind() {
    assertTrue(FileChannelDurability.durable().writesBehind());
    assertFalse(FileChannelDurability.memoryOnly().writesBehind());
  }

  @Test
  void the_platform_filesystem_gets_durable_and_jimfs_gets_memory_only() throws IOException {
    assertSame(
        FileChannelDurability.durable(),
        FileChannelDurability.forFileSystem(FileSystems.getDefault()));
    try (FileSystem jimfs = Fixtures.jimfsUnix()) {
      assertSame(FileChannelDurability.memoryOnly(), FileChannelDurability.forFileSystem(jimfs));
    }
  }
}
