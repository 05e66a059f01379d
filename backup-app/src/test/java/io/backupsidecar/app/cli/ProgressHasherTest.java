package io.backupsidecar.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.adapter.fs.Sha256Hasher;
import io.backupsidecar.domain.port.Hasher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressHasherTest {
  private final StringWriter err = new StringWriter();
  private final AtomicLong clock = new AtomicLong();
  private final Hasher hasher =
      new ProgressHasher(new Sha256Hasher(), new PrintWriter(err, true), clock::get);

  @Test
  void a_large_stream_shows_progress_then_clears_the_line_and_hashes_the_same() {
    Hasher.Session session = hasher.newSession();
    Hasher.Session plain = new Sha256Hasher().newSession();
    byte[] block = new byte[1 << 20];
    for (int i = 0; i < 20; i++) {
      block[0] = (byte) i;
      clock.addAndGet(250_000_000L);
      session.update(block, 0, block.length);
      plain.update(block, 0, block.length);
    }
    assertEquals(plain.finish(), session.finish());
    assertTrue(err.toString().contains("20 MiB"), err.toString());
    assertTrue(err.toString().endsWith("\r\033[K"), "the progress line is cleared");
  }

  @Test
  void a_small_stream_stays_quiet() {
    Hasher.Session session = hasher.newSession();
    clock.addAndGet(10_000_000_000L);
    session.update(new byte[4096], 0, 4096);
    session.finish();
    assertEquals("", err.toString());
  }
}
