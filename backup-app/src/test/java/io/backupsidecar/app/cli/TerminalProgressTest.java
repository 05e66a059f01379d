package io.backupsidecar.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.app.cli.CliHarness.Result;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, progress: on a terminal, one labelled line per phase with the name, percentage, bytes
 * of total, rate and ETA; a flush line while the data goes to disk.
 */
class TerminalProgressTest {
  private final StringWriter err = new StringWriter();
  private final AtomicLong clock = new AtomicLong();
  private final TerminalProgress progress =
      new TerminalProgress(new PrintWriter(err, true), clock::get);

  @TempDir Path dir;

  @Test
  void an_announced_stream_shows_label_name_percentage_total_rate_and_eta() {
    progress.expect("copy", "big.img", 40L << 20);
    progress.progress(1, 1L << 20);
    clock.addAndGet(2_000_000_000L);
    progress.progress(1, 9L << 20);

    // 9 MiB in 2 s (timed from the first chunk seen): 4.5 MiB/s, 31 MiB left: 7 s
    assertTrue(
        err.toString()
            .endsWith("\rcopy     big.img   22%  9.0 MiB of 40.0 MiB  4.5 MiB/s  ETA 7s\033[K"),
        err::toString);
  }

  @Test
  void each_phase_ends_on_its_own_line_then_flush_shows_until_the_command_is_done() {
    progress.expect("copy", "big.img", 20L << 20);
    progress.expect("capture", "big.img", 10L << 20);
    clock.addAndGet(1_000_000_000L);
    progress.progress(1, 20L << 20);
    progress.done(1, 20L << 20);
    clock.addAndGet(1_000_000_000L);
    progress.progress(2, 10L << 20);
    progress.done(2, 10L << 20);
    progress.finish();

    String[] lines = err.toString().split("\n");
    assertEquals(3, lines.length, err::toString);
    assertTrue(lines[0].contains("copy     big.img  100%  20.0 MiB of 20.0 MiB"), lines[0]);
    assertTrue(lines[1].contains("flush    big.img ..."), lines[1]);
    assertTrue(lines[1].contains("capture  big.img  100%  10.0 MiB of 10.0 MiB"), lines[1]);
    assertTrue(lines[2].startsWith("flush    big.img ..."), lines[2]);
    assertTrue(lines[2].endsWith("\r\033[K"), "the flush line is cleared at the end");
  }

  @Test
  void streams_of_one_phase_running_at_the_same_time_add_up_on_one_line() {
    progress.expectTogether("restore", "big.img", 30L << 20, 2);
    progress.progress(2, 1L << 20); // the capture's hash starts first
    progress.progress(1, 1L << 20);
    clock.addAndGet(1_000_000_000L);
    progress.progress(2, 10L << 20);
    progress.progress(1, 5L << 20);
    progress.done(2, 10L << 20);
    clock.addAndGet(1_000_000_000L);
    progress.progress(1, 20L << 20);
    progress.done(1, 20L << 20);
    progress.finish();

    String[] lines = err.toString().split("\n");
    assertEquals(2, lines.length, err::toString);
    assertTrue(lines[0].contains("restore  big.img   36%  11.0 MiB of 30.0 MiB"), lines[0]);
    assertTrue(
        lines[0].endsWith("restore  big.img  100%  30.0 MiB of 30.0 MiB  15.0 MiB/s  ETA 0s\033[K"),
        lines[0]);
    assertTrue(lines[1].startsWith("flush    big.img ..."), lines[1]);
  }

  @Test
  void an_empty_file_s_stream_takes_its_own_phase_not_the_next_one() {
    progress.expect("copy", "empty", 0);
    progress.expect("copy", "big.img", 20L << 20);
    progress.done(1, 0);
    clock.addAndGet(1_000_000_000L);
    progress.progress(2, 20L << 20);
    progress.done(2, 20L << 20);

    assertTrue(err.toString().contains("copy     big.img  100%"), err::toString);
  }

  @Test
  void a_stream_nobody_announced_shows_bytes_and_rate_without_a_total() {
    progress.progress(1, 1L << 20);
    clock.addAndGet(2_000_000_000L);
    progress.progress(1, 20L << 20);

    assertTrue(err.toString().endsWith("\rhash       20.0 MiB  10.0 MiB/s\033[K"), err::toString);
  }

  @Test
  void verify_labels_the_checks_nobody_announced() {
    progress.otherwise("verify");
    progress.progress(1, 1L << 20);
    clock.addAndGet(1_000_000_000L);
    progress.progress(1, 9L << 20);

    assertTrue(err.toString().endsWith("\rverify     9.0 MiB  9.0 MiB/s\033[K"), err::toString);
  }

  @Test
  void a_small_stream_stays_quiet() {
    progress.expect("copy", "small", 8192);
    progress.progress(1, 4096);
    clock.addAndGet(10_000_000_000L);
    progress.progress(1, 8192);
    progress.done(1, 8192);
    progress.finish();
    assertEquals("", err.toString());
  }

  @Test
  void a_snapshot_on_a_terminal_draws_a_labelled_copy_line_and_a_restore_one_line()
      throws Exception {
    Path big = dir.resolve("big.img");
    Files.write(big, new byte[9 << 20]);

    Result snapshot = runOnTerminal("snapshot", big.toString());
    Files.write(big, new byte[10 << 20]);
    Result restore = runOnTerminal("restore", big.toString());

    assertEquals(0, snapshot.exit(), snapshot::toString);
    assertTrue(
        snapshot.err().contains("copy     big.img  100%  9.0 MiB of 9.0 MiB"), snapshot::toString);
    assertTrue(snapshot.err().contains("flush    big.img ..."), snapshot::toString);
    assertEquals(0, restore.exit(), restore::toString);
    // the payload's copy and the capture of the replaced file (hashed in place meanwhile, or
    // copied after it), as one phase
    assertTrue(
        restore.err().contains("restore  big.img  100%  19.0 MiB of 19.0 MiB"), restore::toString);
    assertTrue(restore.err().contains("flush    big.img ..."), restore::toString);
  }

  private static Result runOnTerminal(String... args) {
    StringWriter out = new StringWriter();
    StringWriter e = new StringWriter();
    PrintWriter o = new PrintWriter(out);
    PrintWriter w = new PrintWriter(e);
    int exit = new Cli(FileSystems.getDefault(), Clock.systemUTC(), o, w, true).run(args);
    o.flush();
    w.flush();
    return new Result(exit, out.toString(), e.toString());
  }
}
