package io.backupsidecar.adapter.facts;

import static io.backupsidecar.adapter.facts.SampleFacts.CLOCK;
import static io.backupsidecar.adapter.facts.SampleFacts.RUN_ID;
import static io.backupsidecar.adapter.facts.SampleFacts.TOOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.model.FactField;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFactEmitterTest {

  @Test
  void every_line_is_one_complete_json_object_ending_in_a_newline() throws IOException {
    String out =
        SampleFacts.emit(
            SampleFacts.snapshotCreated(), SampleFacts.snapshotFailed(), SampleFacts.pruneResult());

    assertTrue(out.endsWith("\n"));
    List<String> lines = out.lines().toList();
    assertEquals(3, lines.size());
    for (String line : lines) {
      assertTrue(FactsSchema.MAPPER.readTree(line).isObject(), line);
      assertFalse(line.contains("\r"), line);
    }
  }

  @Test
  void envelope_comes_first_in_documented_order_with_clock_run_id_and_tool() throws IOException {
    JsonNode line = FactsSchema.MAPPER.readTree(SampleFacts.emit(SampleFacts.snapshotCreated()));

    List<String> names = new ArrayList<>();
    line.fieldNames().forEachRemaining(names::add);
    assertEquals(
        List.of("schema_version", "ts", "event", "run_id", "seq", "dry_run", "tool"),
        names.subList(0, 7));
    assertEquals(1, line.get("schema_version").intValue());
    assertTrue(line.get("schema_version").isIntegralNumber());
    assertEquals("2024-11-24T00:00:00.123Z", line.get("ts").textValue());
    assertEquals("snapshot.result", line.get("event").textValue());
    assertEquals(RUN_ID, line.get("run_id").textValue());
    assertEquals(1, line.get("seq").intValue());
    assertFalse(line.get("dry_run").booleanValue());
    assertEquals(TOOL, line.get("tool").textValue());
  }

  @Test
  void fact_fields_follow_the_envelope_in_fact_field_order_whatever_order_they_were_put()
      throws IOException {
    Fact reversed =
        Fact.builder(FactEvent.PRUNE_RESULT, true)
            .put(FactField.RETAINED_COUNT, 1)
            .put(FactField.PRUNED_COUNT, 0)
            .put(FactField.TAG, "backup")
            .put(FactField.PATH, "/etc/hosts")
            .build();

    JsonNode line = FactsSchema.MAPPER.readTree(SampleFacts.emit(reversed));

    List<String> names = new ArrayList<>();
    line.fieldNames().forEachRemaining(names::add);
    assertEquals(List.of("path", "tag", "pruned_count", "retained_count"), names.subList(7, 11));
    assertTrue(line.get("dry_run").booleanValue());
  }

  @Test
  void timestamp_is_utc_with_exactly_three_fraction_digits() throws IOException {
    Clock paris =
        Clock.fixed(Instant.parse("2024-06-01T12:00:00.987654321Z"), ZoneId.of("Europe/Paris"));
    Clock whole = Clock.fixed(Instant.parse("2024-06-01T12:00:00Z"), ZoneOffset.UTC);

    assertEquals(
        "2024-06-01T12:00:00.987Z", ts(SampleFacts.emit(paris, RUN_ID, SampleFacts.pruneResult())));
    assertEquals(
        "2024-06-01T12:00:00.000Z", ts(SampleFacts.emit(whole, RUN_ID, SampleFacts.pruneResult())));
  }

  @Test
  void seq_counts_up_from_one_per_emitter() throws IOException {
    String out =
        SampleFacts.emit(
            SampleFacts.pruneResult(), SampleFacts.pruneResult(), SampleFacts.pruneResult());
    String other = SampleFacts.emit(SampleFacts.pruneResult());

    List<Long> seqs = new ArrayList<>();
    for (String line : out.lines().toList()) {
      seqs.add(FactsSchema.MAPPER.readTree(line).get("seq").longValue());
    }
    assertEquals(List.of(1L, 2L, 3L), seqs);
    assertEquals(1L, FactsSchema.MAPPER.readTree(other).get("seq").longValue());
  }

  @Test
  void list_values_are_arrays_and_text_is_utf8() throws IOException {
    Fact fact =
        Fact.builder(FactEvent.VERIFY_RESULT, false)
            .put(FactField.PATH, "/srv/café \"quoted\"\n")
            .put(FactField.OUTCOME, "sound")
            .put(FactField.PROBLEMS, List.of())
            .build();

    String out = SampleFacts.emit(fact);

    assertEquals(1, out.lines().count(), "a newline inside a value is escaped");
    JsonNode line = FactsSchema.MAPPER.readTree(out);
    assertEquals("/srv/café \"quoted\"\n", line.get("path").textValue());
    assertTrue(line.get("problems").isArray());
    assertTrue(out.contains("café"), "non-ASCII is written as UTF-8, not escaped");
  }

  @Test
  void concurrent_emits_from_eight_threads_give_complete_lines_with_unique_seq() throws Exception {
    int threads = 8;
    int perThread = 250;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // Write byte by byte so an unsynchronized emitter would visibly interleave lines.
    OutputStream slow =
        new OutputStream() {
          @Override
          public void write(int b) {
            out.write(b);
          }
        };
    JsonLinesFactEmitter emitter = JsonLinesFactEmitter.toStream(slow, CLOCK, RUN_ID, TOOL);

    runConcurrently(threads, perThread, emitter);

    String text = out.toString(StandardCharsets.UTF_8);
    FactsSchema.assertEveryLineValid(text);
    assertUniqueSeqs(text, threads * perThread);
  }

  @Test
  void file_emitter_on_jimfs_creates_the_file_then_appends_to_it() throws IOException {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path file = fs.getPath("/var/log/facts.jsonl");
      Files.createDirectories(file.getParent());

      try (JsonLinesFactEmitter emitter = JsonLinesFactEmitter.toFile(file, CLOCK, RUN_ID, TOOL)) {
        emitter.emit(SampleFacts.snapshotCreated());
      }
      try (JsonLinesFactEmitter emitter =
          JsonLinesFactEmitter.toFile(file, CLOCK, "second-run", TOOL)) {
        emitter.emit(SampleFacts.pruneResult());
      }

      String text = Files.readString(file);
      FactsSchema.assertEveryLineValid(text);
      assertEquals(
          SampleFacts.emit(SampleFacts.snapshotCreated())
              + SampleFacts.emit(CLOCK, "second-run", SampleFacts.pruneResult()),
          text);
    }
  }

  @Test
  void file_emitter_appends_to_an_existing_file_on_the_default_file_system(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("facts.jsonl");
    String earlier = SampleFacts.emit(SampleFacts.snapshotFailed());
    Files.writeString(file, earlier);

    try (JsonLinesFactEmitter emitter = JsonLinesFactEmitter.toFile(file, CLOCK, RUN_ID, TOOL)) {
      emitter.emit(SampleFacts.restoreRestored());
      emitter.emit(SampleFacts.applyCommitted());
    }

    String text = Files.readString(file);
    FactsSchema.assertEveryLineValid(text);
    assertEquals(
        earlier + SampleFacts.emit(SampleFacts.restoreRestored(), SampleFacts.applyCommitted()),
        text);
  }

  @Test
  void two_file_emitters_appending_to_one_file_never_split_a_line(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("facts.jsonl");
    try (JsonLinesFactEmitter a = JsonLinesFactEmitter.toFile(file, CLOCK, "run-a", TOOL);
        JsonLinesFactEmitter b = JsonLinesFactEmitter.toFile(file, CLOCK, "run-b", TOOL)) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<?> fa = pool.submit(() -> emitMany(a, 200));
        Future<?> fb = pool.submit(() -> emitMany(b, 200));
        fa.get(30, TimeUnit.SECONDS);
        fb.get(30, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
    }

    String text = Files.readString(file);
    FactsSchema.assertEveryLineValid(text);
    assertEquals(400, text.lines().count());
  }

  @Test
  void stream_emitter_hands_each_line_over_in_one_write_and_flushes_it() {
    List<String> writes = new ArrayList<>();
    int[] flushes = {0};
    OutputStream recording =
        new OutputStream() {
          @Override
          public void write(int b) {
            writes.add(String.valueOf((char) b));
          }

          @Override
          public void write(byte[] b, int off, int len) {
            writes.add(new String(b, off, len, StandardCharsets.UTF_8));
          }

          @Override
          public void flush() {
            flushes[0]++;
          }
        };
    JsonLinesFactEmitter emitter = JsonLinesFactEmitter.toStream(recording, CLOCK, RUN_ID, TOOL);

    emitter.emit(SampleFacts.snapshotCreated());
    emitter.emit(SampleFacts.pruneResult());

    assertEquals(2, writes.size());
    assertEquals(
        SampleFacts.emit(SampleFacts.snapshotCreated(), SampleFacts.pruneResult()),
        writes.get(0) + writes.get(1));
    assertEquals(2, flushes[0]);
  }

  @Test
  void closing_a_stream_emitter_flushes_but_leaves_the_stream_open() throws IOException {
    boolean[] closed = {false};
    OutputStream out =
        new ByteArrayOutputStream() {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    JsonLinesFactEmitter.toStream(out, CLOCK, RUN_ID, TOOL).close();

    assertFalse(closed[0]);
  }

  @Test
  void write_failure_surfaces_as_unchecked_io_exception_naming_the_file() throws IOException {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path file = fs.getPath("/facts.jsonl");
      JsonLinesFactEmitter emitter = JsonLinesFactEmitter.toFile(file, CLOCK, RUN_ID, TOOL);
      emitter.close();

      UncheckedIOException e =
          assertThrows(UncheckedIOException.class, () -> emitter.emit(SampleFacts.pruneResult()));
      assertTrue(e.getMessage().contains("/facts.jsonl"), e.getMessage());
      assertTrue(e.getMessage().contains("prune.result"), e.getMessage());
    }
  }

  @Test
  void stream_write_failure_surfaces_as_unchecked_io_exception() {
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("No space left on device");
          }
        };
    JsonLinesFactEmitter emitter = JsonLinesFactEmitter.toStream(broken, CLOCK, RUN_ID, TOOL);

    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> emitter.emit(SampleFacts.pruneResult()));
    assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
  }

  @Test
  void after_a_torn_write_the_next_fact_starts_on_a_line_of_its_own() {
    ByteArrayOutputStream disk = new ByteArrayOutputStream();
    boolean[] full = {true};
    WritableByteChannel channel =
        new WritableByteChannel() {
          @Override
          public int write(ByteBuffer src) throws IOException {
            if (full[0]) {
              full[0] = false;
              // Half a line reaches the disk, then the device is full.
              int half = src.remaining() / 2;
              for (int i = 0; i < half; i++) {
                disk.write(src.get());
              }
              throw new IOException("No space left on device");
            }
            int n = src.remaining();
            while (src.hasRemaining()) {
              disk.write(src.get());
            }
            return n;
          }

          @Override
          public boolean isOpen() {
            return true;
          }

          @Override
          public void close() {}
        };
    JsonLinesFactEmitter emitter =
        new JsonLinesFactEmitter(
            new FactSink.ChannelSink(channel, "facts.jsonl"), CLOCK, RUN_ID, TOOL);

    assertThrows(UncheckedIOException.class, () -> emitter.emit(SampleFacts.snapshotCreated()));
    emitter.emit(SampleFacts.pruneResult());
    emitter.emit(SampleFacts.applyCommitted());

    List<String> lines = disk.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(3, lines.size());
    assertThrows(
        IOException.class,
        () -> FactsSchema.MAPPER.readTree(lines.get(0)),
        "the torn fragment stays alone on its line");
    FactsSchema.assertEveryLineValid(lines.get(1) + "\n" + lines.get(2) + "\n");
    assertTrue(lines.get(1).contains("\"seq\":2"), "seq 1 was used up by the lost fact");
  }

  @Test
  void rejects_a_blank_run_id_or_tool() {
    OutputStream out = new ByteArrayOutputStream();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> JsonLinesFactEmitter.toStream(out, CLOCK, " ", TOOL));
    assertTrue(e.getMessage().contains("runId"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> JsonLinesFactEmitter.toStream(out, CLOCK, RUN_ID, ""));
  }

  private static String ts(String line) throws IOException {
    return FactsSchema.MAPPER.readTree(line).get("ts").textValue();
  }

  private static void emitMany(JsonLinesFactEmitter emitter, int n) {
    for (int i = 0; i < n; i++) {
      emitter.emit(SampleFacts.snapshotCreated());
    }
  }

  static void runConcurrently(int threads, int perThread, JsonLinesFactEmitter emitter)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  emitMany(emitter, perThread);
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertUniqueSeqs(String text, int expected) throws IOException {
    Set<Long> seqs = new HashSet<>();
    long previous = 0;
    for (Iterator<String> it = text.lines().iterator(); it.hasNext(); ) {
      long seq = FactsSchema.MAPPER.readTree(it.next()).get("seq").longValue();
      assertTrue(seqs.add(seq), "duplicate seq " + seq);
      assertEquals(previous + 1, seq, "lines appear in seq order");
      previous = seq;
    }
    assertEquals(expected, seqs.size());
  }
}
