package io.backupsidecar.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.model.FlushResult;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileChannelDurabilityTest {

  @TempDir Path dir;

  private List<Path> files(int count) throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      files.add(Files.write(dir.resolve("f" + i), new byte[] {(byte) i}));
    }
    return files;
  }

  @Test
  void durable_flushes_a_file_and_its_directory() throws IOException {
    Path file = files(1).get(0);
    FileChannelDurability durability = FileChannelDurability.durable();

    assertEquals(FlushResult.FLUSHED, durability.flushFile(file));
    assertEquals(FlushResult.FLUSHED, durability.flushDirectory(dir));
  }

  @Test
  void durable_flushes_many_files() throws IOException {
    assertEquals(FlushResult.FLUSHED, FileChannelDurability.durable().flushFiles(files(40)));
  }

  @Test
  void a_failed_flush_is_an_exception_not_a_result() {
    assertThrows(
        NoSuchFileException.class,
        () -> FileChannelDurability.durable().flushFile(dir.resolve("gone")));
  }

  @Test
  void one_failed_flush_among_many_fails_the_batch() throws IOException {
    List<Path> files = files(40);
    files.add(17, dir.resolve("gone"));

    assertThrows(
        NoSuchFileException.class, () -> FileChannelDurability.durable().flushFiles(files));
  }

  @Test
  void a_concurrent_batch_flushes_each_file_once_and_never_retries_a_failure()
      throws IOException {
    List<Path> files = files(100);
    Path failing = files.get(50);
    ConcurrentHashMap<Path, AtomicInteger> calls = new ConcurrentHashMap<>();

    assertThrows(
        IOException.class,
        () ->
            ConcurrentFlush.flushAll(
                files,
                file -> {
                  calls.computeIfAbsent(file, f -> new AtomicInteger()).incrementAndGet();
                  if (file.equals(failing)) {
                    throw new IOException("fsync failed");
                  }
                  return FlushResult.FLUSHED;
                }));

    assertEquals(1, calls.get(failing).get());
    assertTrue(calls.values().stream().allMatch(count -> count.get() == 1));
  }

  @Test
  void a_concurrent_batch_is_not_flushed_unless_every_file_was() throws IOException {
    List<Path> files = files(20);
    Path inMemory = files.get(3);

    FlushResult result =
        ConcurrentFlush.flushAll(
            files, f -> f.equals(inMemory) ? FlushResult.NOT_SUPPORTED : FlushResult.FLUSHED);

    assertEquals(FlushResult.NOT_SUPPORTED, result);
  }

  @Test
  void memory_only_flushes_nothing_and_says_so() throws IOException {
    FileChannelDurability durability = FileChannelDurability.memoryOnly();

    assertEquals(FlushResult.NOT_SUPPORTED, durability.flushFile(dir.resolve("gone")));
    assertEquals(FlushResult.NOT_SUPPORTED, durability.flushDirectory(dir.resolve("gone")));
    assertEquals(FlushResult.NOT_SUPPORTED, durability.flushFiles(files(5)));
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
