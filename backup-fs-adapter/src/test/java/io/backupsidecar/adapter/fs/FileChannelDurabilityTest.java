package io.backupsidecar.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.contract.DurabilityContract;
import io.backupsidecar.domain.contract.NodeFixture;
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.ArtifactDirectory.StageOptions;
import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.Durability;
import io.backupsidecar.domain.port.StagedFile;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both modes of {@link FileChannelDurability} keep the {@link Durability} contract: {@code
 * durable()} (concurrent batches, write-behind) with the NIO store on the real filesystem, {@code
 * memoryOnly()} with it on Jimfs; plus which mode is chosen where.
 */
class FileChannelDurabilityTest {

  @TempDir Path tempDir;

  /** The contract of {@code durable()}, flushing real NIO handles on the platform filesystem. */
  @Nested
  class Durable extends DurabilityContract {
    @TempDir Path nestedDir;

    @Override
    protected Fixture createFixture() throws IOException {
      NodeFixture nodes = NioNodes.real(nestedDir);
      return new Fixture() {
        @Override
        public Durability durability() {
          return FileChannelDurability.durable();
        }

        @Override
        public boolean flushes() {
          return true;
        }

        @Override
        public ArtifactStore store() {
          return new NioArtifactStore();
        }

        @Override
        public NodeFixture nodes() {
          return nodes;
        }
      };
    }
  }

  /** The contract of {@code memoryOnly()}, with the NIO store on Jimfs. */
  @Nested
  class MemoryOnly extends DurabilityContract {
    private FileSystem jimfs;

    @Override
    protected Fixture createFixture() throws IOException {
      jimfs = Fixtures.jimfsUnix();
      NodeFixture nodes = NioNodes.jimfs(Fixtures.jimfsRoot(jimfs));
      return new Fixture() {
        @Override
        public Durability durability() {
          return FileChannelDurability.memoryOnly();
        }

        @Override
        public boolean flushes() {
          return false;
        }

        @Override
        public ArtifactStore store() {
          return new NioArtifactStore();
        }

        @Override
        public NodeFixture nodes() {
          return nodes;
        }
      };
    }

    @AfterEach
    void closeJimfs() throws IOException {
      jimfs.close();
    }
  }

  @Test
  void durable_flushes_forty_real_staged_files_concurrently_and_their_directory()
      throws IOException {
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
