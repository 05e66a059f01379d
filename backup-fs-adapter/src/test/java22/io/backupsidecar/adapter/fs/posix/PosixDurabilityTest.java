package io.backupsidecar.adapter.fs.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.model.NodeState.FileMetadata;
import io.backupsidecar.domain.port.StagedFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The concurrent flushes: each file once, on a few threads, failures reported, never retried. */
class PosixDurabilityTest {

  /** A staged file that only counts its flushes. */
  private static final class Counted implements StagedFile {
    final AtomicInteger syncs = new AtomicInteger();
    final IOException failure;
    final FlushResult result;
    final Set<Thread> threads;

    Counted(Set<Thread> threads, IOException failure, FlushResult result) {
      this.threads = threads;
      this.failure = failure;
      this.result = result;
    }

    @Override
    public FlushResult sync() throws IOException {
      syncs.incrementAndGet();
      threads.add(Thread.currentThread());
      if (failure != null) {
        throw failure;
      }
      return result;
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

  @Test
  void a_thousand_files_are_each_flushed_once_on_a_few_threads() throws IOException {
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    List<Counted> files = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      files.add(new Counted(threads, null, FlushResult.FLUSHED));
    }
    assertEquals(FlushResult.FLUSHED, new PosixDurability().flushFiles(files));
    for (Counted file : files) {
      assertEquals(1, file.syncs.get());
    }
    assertTrue(threads.size() <= PosixDurability.MAX_CONCURRENT, threads.size() + " threads");
  }

  @Test
  void one_file_that_cannot_be_flushed_makes_the_result_not_supported() throws IOException {
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    List<Counted> files = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      files.add(
          new Counted(threads, null, i == 7 ? FlushResult.NOT_SUPPORTED : FlushResult.FLUSHED));
    }
    assertEquals(FlushResult.NOT_SUPPORTED, new PosixDurability().flushFiles(files));
  }

  @Test
  void a_failed_flush_is_reported_and_never_retried() {
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    IOException eio = new IOException("fsync: Input/output error");
    List<Counted> files = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      files.add(new Counted(threads, i == 3 ? eio : null, FlushResult.FLUSHED));
    }
    IOException thrown =
        assertThrows(IOException.class, () -> new PosixDurability().flushFiles(files));
    assertSame(eio, thrown);
    assertEquals(1, files.get(3).syncs.get());
    for (Counted file : files) {
      assertTrue(file.syncs.get() <= 1);
    }
  }
}
