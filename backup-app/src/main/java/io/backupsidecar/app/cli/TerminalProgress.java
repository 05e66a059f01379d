package io.backupsidecar.app.cli;

import io.backupsidecar.adapter.fs.ProgressHasher;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Progress on a terminal, one labelled line per phase of a long copy or check: {@code copy big.img
 * 42% 420.0 MiB of 1.0 GiB 210.0 MiB/s ETA 3s}. Each phase ends on its final line; after it, a
 * {@code flush} line stays until the command is done, so the screen is never blank while the data
 * goes to disk. Quiet below {@link #THRESHOLD} bytes per stream; redrawn at most every 200 ms.
 *
 * <p>The hasher sees every byte once but not what a stream is for, so the command says what it
 * expects, in order ({@link #expect}): a snapshot copies each file target. A phase may be made of
 * several streams that run at the same time or one after the other ({@link #expectTogether}): a
 * restore copies the payload beside the target while checking its hash, and captures the state it
 * replaces, by hashing the file in place while the copy runs or by copying it afterwards; one line
 * adds them up. A stream nobody announced is drawn as {@link #otherwise} says ({@code hash} by
 * default), without a name or total.
 */
final class TerminalProgress implements ProgressHasher.Listener {
  static final long THRESHOLD = 8L << 20;
  private static final long REDRAW_NANOS = 200_000_000L;
  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;

  /**
   * What one phase is: its label, the file's name, its size in bytes (-1: unknown) and how many
   * streams it is made of.
   */
  record Phase(String label, String name, long size, int streams) {}

  private final PrintWriter err;
  private final LongSupplier nanoTime;
  private final Deque<Phase> expected = new ArrayDeque<>();
  private Phase current;
  private final Map<Long, Long> totals = new HashMap<>();
  private int streamsDone;
  private long started = -1;
  private long lastDraw;
  private boolean lineOpen;
  private String otherwise = "hash";

  TerminalProgress(PrintWriter err, LongSupplier nanoTime) {
    this.err = err;
    this.nanoTime = nanoTime;
  }

  /** The label of streams nobody announced (default {@code hash}), e.g. {@code verify}. */
  synchronized void otherwise(String label) {
    otherwise = label;
  }

  /** The next stream will be this phase. */
  synchronized void expect(String label, String name, long size) {
    expectTogether(label, name, size, 1);
  }

  /**
   * The next {@code streams} streams, in any order and possibly at the same time, are one phase of
   * {@code size} bytes in all, drawn as one line.
   */
  synchronized void expectTogether(String label, String name, long size, int streams) {
    expected.add(new Phase(label, Table.printable(name), size, streams));
  }

  @Override
  public synchronized void progress(long stream, long total) {
    long now = nanoTime.getAsLong();
    begin(now);
    totals.put(stream, total);
    long sum = sum();
    if (large(sum) && now - lastDraw >= REDRAW_NANOS) {
      lastDraw = now;
      draw(sum, now);
    }
  }

  @Override
  public synchronized void done(long stream, long total) {
    long now = nanoTime.getAsLong();
    begin(now);
    totals.put(stream, total);
    if (++streamsDone < current.streams()) {
      return;
    }
    long sum = sum();
    if (large(sum)) {
      draw(sum, now);
      err.print("\n");
      // the data is written; until the command ends it is being made durable
      err.printf("%-8s %s ...", "flush", current.name());
      err.flush();
      lineOpen = true;
    }
    started = -1;
    current = null;
    totals.clear();
    streamsDone = 0;
  }

  /** Starts the next phase if none is under way. */
  private void begin(long now) {
    if (current == null) {
      started = now;
      lastDraw = now;
      current = expected.isEmpty() ? new Phase(otherwise, "", -1, 1) : expected.poll();
    }
  }

  private long sum() {
    long sum = 0;
    for (long t : totals.values()) {
      sum += t;
    }
    return sum;
  }

  /** The command is done: clears the {@code flush} line, if one is shown. */
  synchronized void finish() {
    if (lineOpen) {
      err.print("\r\033[K");
      err.flush();
      lineOpen = false;
    }
  }

  private boolean large(long total) {
    return current.size() >= THRESHOLD || total >= THRESHOLD;
  }

  private void draw(long total, long now) {
    double seconds = Math.max(1e-3, (now - started) / 1e9);
    double rate = total / seconds;
    StringBuilder line =
        new StringBuilder("\r").append(String.format("%-8s %s", current.label(), current.name()));
    if (current.size() > 0) {
      long size = Math.max(current.size(), total);
      line.append(
          String.format("  %3d%%  %s of %s", total * 100 / size, bytes(total), bytes(size)));
      line.append(String.format("  %s/s", bytes((long) rate)));
      long left = size - total;
      line.append("  ETA ").append(left <= 0 ? "0s" : duration((long) Math.ceil(left / rate)));
    } else {
      line.append(String.format("  %s  %s/s", bytes(total), bytes((long) rate)));
    }
    err.print(line.append("\033[K"));
    err.flush();
    lineOpen = true;
  }

  static String bytes(long n) {
    if (n >= GIB) {
      return String.format("%.1f GiB", n / (double) GIB);
    }
    return String.format("%.1f MiB", n / (double) MIB);
  }

  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
  }
}
