package io.backupsidecar.adapter.fs;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.port.Hasher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy pipeline: its result, and its helper threads (named, daemons, gone after the copy). */
class HashingCopyTest {
  @TempDir Path dir;

  /** Records the threads the digest ran on; optionally fails on the first buffer. */
  private static final class Watched implements Hasher.Session {
    final Hasher.Session inner = new Sha256Hasher().newSession();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    final boolean fail;

    Watched(boolean fail) {
      this.fail = fail;
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
      threads.add(Thread.currentThread());
      inner.update(bytes, offset, length);
    }

    @Override
    public void update(ByteBuffer buffer) {
      threads.add(Thread.currentThread());
      if (fail) {
        throw new IllegalStateException("the digest broke");
      }
      inner.update(buffer);
    }

    @Override
    public ContentHash finish() {
      return inner.finish();
    }
  }

  private static ContentHash sha256(byte[] content) {
    Hasher.Session session = new Sha256Hasher().newSession();
    session.update(content, 0, content.length);
    return session.finish();
  }

  private Path source(byte[] content) throws IOException {
    return Files.write(dir.resolve("source"), content);
  }

  private static byte[] content(int bytes) {
    byte[] content = new byte[bytes];
    new Random(42).nextBytes(content);
    // a whole buffer of zeros in the middle and at the end: holes when sparse
    java.util.Arrays.fill(
        content, HashingCopy.BUFFER_BYTES, 2 * HashingCopy.BUFFER_BYTES, (byte) 0);
    java.util.Arrays.fill(content, bytes - HashingCopy.BUFFER_BYTES, bytes, (byte) 0);
    return content;
  }

  private Copied copy(byte[] content, Hasher.Session session, boolean sparse) throws IOException {
    try (FileChannel in = FileChannel.open(source(content), READ);
        FileChannel out = FileChannel.open(dir.resolve("copy"), CREATE_NEW, WRITE)) {
      return HashingCopy.copy(in, out, session, in.size(), sparse, true);
    }
  }

  @Test
  void a_large_copy_is_digested_on_a_named_daemon_thread_that_ends_with_the_copy()
      throws Exception {
    byte[] content = content(5 * HashingCopy.BUFFER_BYTES + 17);
    Watched session = new Watched(false);

    Copied copied = copy(content, session, true);

    assertEquals(content.length, copied.bytes());
    assertEquals(sha256(content), copied.hash());
    assertArrayEquals(content, Files.readAllBytes(dir.resolve("copy")));
    Thread worker = session.threads.get(0);
    assertTrue(worker.getName().matches("backup-hash-[0-9]+"), worker.getName());
    assertTrue(worker.isDaemon());
    session.threads.forEach(t -> assertSame(worker, t, "one digest thread per copy"));
    worker.join(10_000);
    assertFalse(worker.isAlive(), "the digest thread ended with its copy");
  }

  @Test
  void a_small_copy_is_digested_inline() throws Exception {
    byte[] content = new byte[(int) HashingCopy.MIN_BYTES_FOR_THREAD - 1];
    new Random(7).nextBytes(content);
    Watched session = new Watched(false);

    Copied copied = copy(content, session, false);

    assertEquals(sha256(content), copied.hash());
    assertArrayEquals(content, Files.readAllBytes(dir.resolve("copy")));
    session.threads.forEach(t -> assertSame(Thread.currentThread(), t));
  }

  @Test
  void a_failing_digest_fails_the_copy_and_its_thread_ends() throws Exception {
    byte[] content = content(5 * HashingCopy.BUFFER_BYTES);
    Watched session = new Watched(true);

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> copy(content, session, false));

    assertEquals("the digest broke", e.getMessage());
    Thread worker = session.threads.get(0);
    worker.join(10_000);
    assertFalse(worker.isAlive());
  }

  @Test
  void write_behind_flushes_on_a_named_daemon_thread_that_ends_when_finished() throws Exception {
    try (FileChannel out = FileChannel.open(dir.resolve("flushed"), CREATE_NEW, WRITE)) {
      out.write(ByteBuffer.wrap(new byte[4096]));
      List<Thread> before = List.copyOf(Thread.getAllStackTraces().keySet());
      WriteBehind flusher = WriteBehind.start(out);
      Thread worker;
      try {
        worker =
            Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.getName().startsWith("backup-write-behind-"))
                .findFirst()
                .orElseThrow();
        assertTrue(worker.isDaemon());
        assertTrue(flusher.request());
        flusher.finish();
      } finally {
        flusher.abandon();
      }
      worker.join(10_000);
      assertFalse(worker.isAlive(), "the flusher ended");
    }
  }

  @Test
  void helper_threads_are_numbered_daemons_named_after_their_job() {
    Thread first = DaemonThreads.FLUSH.newThread(() -> {});
    Thread second = DaemonThreads.FLUSH.newThread(() -> {});

    assertTrue(first.getName().matches("backup-flush-[0-9]+"), first.getName());
    assertTrue(first.isDaemon());
    assertFalse(first.getName().equals(second.getName()));
  }
}
