package io.backupsidecar.adapter.facts;

import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.port.FactEmitter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Writes each fact as one JSON object on one line (JSON Lines), to an appended file or to a stream
 * such as stdout.
 *
 * <p>Every line starts with the envelope, in this order: {@code schema_version} (1), {@code ts}
 * (the clock's instant, ISO-8601 UTC with exactly three fraction digits), {@code event}, {@code
 * run_id}, {@code seq} (1, 2, 3… per emitter), {@code dry_run}, {@code tool}; then the fact's
 * fields in {@link io.backupsidecar.domain.model.FactField} order. Lines match {@link
 * #SCHEMA_RESOURCE}.
 *
 * <p>What is guaranteed: each line, its {@code '\n'} included, is encoded completely in memory and
 * handed to the operating system in one write call, then flushed from any Java buffer. For a
 * regular file on a local POSIX file system, opened with {@code APPEND} (O_APPEND), a crash or kill
 * of this process therefore leaves each line either wholly in the file or absent, and several
 * processes appending to one file do not interleave within a line (not promised on network file
 * systems). Lines are <em>not</em> forced to the storage device: facts are a report, not the commit
 * record (the sidecar is), and an fsync per fact would double the cost of a snapshot; after a power
 * loss the file's tail may be missing or torn. If a write fails part way (disk full), the next line
 * is preceded by {@code '\n'} so a torn fragment never merges with a whole fact. Readers should
 * therefore skip blank lines and lines that do not parse.
 *
 * <p>Thread-safe: {@link #emit} is serialized, and {@code seq} is assigned under the same lock as
 * the write, so lines appear in {@code seq} order. A {@code seq} is used up even when its write
 * fails, so a gap shows that a fact was lost.
 */
public final class JsonLinesFactEmitter implements FactEmitter, Closeable {
  /** The {@code schema_version} every line carries. */
  public static final int SCHEMA_VERSION = FactLines.SCHEMA_VERSION;

  /** Class-path resource name of the JSON Schema every line matches. */
  public static final String SCHEMA_RESOURCE = "/io/backupsidecar/adapter/facts/facts.schema.json";

  private final FactSink sink;
  private final Clock clock;
  private final String runId;
  private final String tool;
  private long seq;
  private boolean torn;
  private boolean closed;

  JsonLinesFactEmitter(FactSink sink, Clock clock, String runId, String tool) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.runId = requireText(runId, "runId");
    this.tool = requireText(tool, "tool");
  }

  /**
   * Appends facts to {@code file}, creating it if absent (on whatever file system the path belongs
   * to). The file stays open until {@link #close()}.
   *
   * <p>The name is taken as the final file, never as a pointer to one: someone who can write the
   * directory must not be able to make a root run append to another file, or hang it. So a symbolic
   * link at {@code file} is refused (not followed), and so is anything but a regular file (a FIFO
   * is never opened: opening one for writing waits for a reader forever). An absent file is created
   * exclusively ({@code O_CREAT|O_EXCL}, which follows no link); an existing one is opened with
   * {@code NOFOLLOW_LINKS} and its file key must still be the one seen before the open. Left to
   * NIO's limits: a regular file replaced by a FIFO in the instant between that look and the open
   * can still block the open (NIO has no {@code O_NONBLOCK}).
   *
   * @param file the facts file
   * @param clock source of {@code ts}
   * @param runId the {@code run_id} of every line, e.g. a UUID made once per run
   * @param tool the {@code tool} of every line, e.g. {@code "backup/0.1.0"}
   * @throws FileSystemException if {@code file} is a symbolic link, a directory, a FIFO or any
   *     other node that is not a regular file, or is replaced while it is opened
   * @throws IOException if the file cannot be opened for appending
   */
  public static JsonLinesFactEmitter toFile(Path file, Clock clock, String runId, String tool)
      throws IOException {
    Objects.requireNonNull(file, "file");
    return new JsonLinesFactEmitter(FactSink.appendingTo(file), clock, runId, tool);
  }

  /**
   * Writes facts to {@code out}, flushing after each line. {@link #close()} flushes but does not
   * close {@code out}: the stream (typically {@code System.out}) belongs to the caller.
   *
   * @param out where lines go
   * @param clock source of {@code ts}
   * @param runId the {@code run_id} of every line
   * @param tool the {@code tool} of every line
   */
  public static JsonLinesFactEmitter toStream(
      OutputStream out, Clock clock, String runId, String tool) {
    return new JsonLinesFactEmitter(new FactSink.StreamSink(out), clock, runId, tool);
  }

  /**
   * Writes one line for {@code fact}.
   *
   * @throws UncheckedIOException if the line cannot be written, or the emitter is closed
   */
  @Override
  public synchronized void emit(Fact fact) {
    Objects.requireNonNull(fact, "fact");
    long mySeq = ++seq;
    if (closed) {
      throw new UncheckedIOException(
          new IOException(
              String.format(
                  "cannot write fact %s #%d: the facts emitter for %s is closed",
                  fact.event().wireName(), mySeq, sink.describe())));
    }
    byte[] line = FactLines.encode(fact, clock.instant(), runId, mySeq, tool);
    if (torn) {
      line = prependNewline(line);
    }
    try {
      // Assume the worst until the write returns: an exception may come after some bytes.
      torn = true;
      sink.write(line);
      torn = false;
    } catch (IOException e) {
      throw new UncheckedIOException(
          String.format(
              "cannot write fact %s #%d to %s: %s",
              fact.event().wireName(), mySeq, sink.describe(), e.getMessage()),
          e);
    }
  }

  /** Releases the file (or flushes the stream); later {@link #emit} calls fail. */
  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      sink.close();
    }
  }

  private static byte[] prependNewline(byte[] line) {
    byte[] out = new byte[line.length + 1];
    out[0] = '\n';
    System.arraycopy(line, 0, out, 1, line.length);
    return out;
  }

  private static String requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(String.format("%s (%s) must not be blank", name, value));
    }
    return value;
  }
}
