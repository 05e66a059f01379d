package io.backupsidecar.domain.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.model.FactField;
import io.backupsidecar.domain.model.FactOutcome;
import io.backupsidecar.domain.port.FactEmitter;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link FactEmitter} contract: every fact emitted arrives once, in emission order, with its
 * event, dry-run flag and every field value intact, also when several threads emit at once; a null
 * fact is refused. Extend it with a {@link Fixture} that makes the emitter and reads back what
 * reached its destination.
 */
public abstract class FactEmitterContract {

  /** An emitter under test and a view of where its facts go. */
  protected interface Fixture extends Closeable {
    /** The emitter under test. */
    FactEmitter emitter();

    /** Every fact that reached the destination so far, oldest first. */
    List<Delivered> delivered() throws Exception;

    /** Releases what the fixture holds (a file, a stream); nothing by default. */
    @Override
    default void close() throws IOException {}
  }

  /**
   * A fact as it arrives: its event's and fields' wire names, numbers as {@code Long} (a JSON line
   * does not tell an {@code Integer} from a {@code Long}), lists as lists of strings.
   */
  public record Delivered(String event, boolean dryRun, Map<String, Object> fields) {
    /** The fact as any emitter should deliver it. */
    public static Delivered of(Fact fact) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fact.fields()
          .forEach(
              (k, v) -> fields.put(k.wireName(), v instanceof Integer i ? Long.valueOf(i) : v));
      return new Delivered(fact.event().wireName(), fact.dryRun(), fields);
    }
  }

  private Fixture fixture;

  /** A fresh emitter with an empty destination. */
  protected abstract Fixture newFixture() throws Exception;

  @BeforeEach
  void createFixture() throws Exception {
    fixture = newFixture();
  }

  @AfterEach
  void closeFixture() throws IOException {
    fixture.close();
  }

  @Test
  void nothing_arrives_before_a_fact_is_emitted() throws Exception {
    assertEquals(List.of(), fixture.delivered());
  }

  @Test
  void every_fact_arrives_once_in_emission_order() throws Exception {
    List<Fact> facts =
        List.of(
            created(true, 1),
            restored(),
            pruned(),
            damaged(),
            committed(),
            failed(),
            created(false, 2));

    for (Fact fact : facts) {
      fixture.emitter().emit(fact);
    }

    assertEquals(facts.stream().map(Delivered::of).toList(), fixture.delivered());
  }

  @Test
  void every_kind_of_value_arrives_unchanged() throws Exception {
    Fact fact =
        Fact.builder(FactEvent.VERIFY_RESULT, false)
            .put(FactField.PATH, "/srv/caf\u00e9 \"quoted\" back\\slash\n\ttab \u0001 \uD83D\uDCC1")
            .put(FactField.OUTCOME, FactOutcome.DAMAGED.wireName())
            .put(FactField.STAMP, Long.MAX_VALUE)
            .put(FactField.EXIT_CODE, Integer.MIN_VALUE)
            .put(FactField.BACKUP_DURABLE, false)
            .put(FactField.SIDECAR_INTEGRITY_VERIFIED, true)
            .put(FactField.PROBLEMS, List.of("one", "", "three\nlines"))
            .put(FactField.ROLLED_BACK, List.of())
            .put(FactField.MESSAGE, "")
            .build();

    fixture.emitter().emit(fact);

    assertEquals(List.of(Delivered.of(fact)), fixture.delivered());
  }

  @Test
  void a_null_fact_is_refused_and_nothing_arrives() throws Exception {
    assertThrows(NullPointerException.class, () -> fixture.emitter().emit(null));

    assertEquals(List.of(), fixture.delivered());
  }

  @Test
  void facts_from_eight_threads_all_arrive_each_threads_in_its_order() throws Exception {
    int threads = 8;
    int perThread = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String path = "/thread/" + t;
        futures.add(
            pool.submit(
                () -> {
                  for (long i = 0; i < perThread; i++) {
                    fixture
                        .emitter()
                        .emit(
                            Fact.builder(FactEvent.PRUNE_RESULT, false)
                                .put(FactField.PATH, path)
                                .put(FactField.OUTCOME, FactOutcome.PRUNED.wireName())
                                .put(FactField.PRUNED_COUNT, i)
                                .build());
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<Delivered> delivered = fixture.delivered();
    assertEquals(threads * perThread, delivered.size());
    Map<Object, List<Object>> countsByPath = new LinkedHashMap<>();
    for (Delivered d : delivered) {
      countsByPath
          .computeIfAbsent(d.fields().get("path"), p -> new ArrayList<>())
          .add(d.fields().get("pruned_count"));
    }
    List<Object> inOrder = new ArrayList<>();
    for (long i = 0; i < perThread; i++) {
      inOrder.add(i);
    }
    assertEquals(threads, countsByPath.size());
    countsByPath.forEach((path, counts) -> assertEquals(inOrder, counts, "facts of " + path));
  }

  private static Fact created(boolean dryRun, long stamp) {
    return Fact.builder(FactEvent.SNAPSHOT_RESULT, dryRun)
        .put(FactField.PATH, "/etc/hosts")
        .put(FactField.TAG, "backup")
        .put(FactField.OUTCOME, FactOutcome.CREATED.wireName())
        .put(FactField.PRIOR_KIND, "file")
        .put(FactField.BACKUP, ".hosts.backup." + stamp + ".bak")
        .put(FactField.STAMP, stamp)
        .put(FactField.BACKUP_DURABLE, true)
        .put(FactField.BYTES, 6L)
        .put(FactField.COPY_MS, 3L)
        .build();
  }

  private static Fact restored() {
    return Fact.builder(FactEvent.RESTORE_RESULT, false)
        .put(FactField.PATH, "/etc/hosts")
        .put(FactField.OUTCOME, FactOutcome.RESTORED.wireName())
        .put(FactField.SIDECAR_INTEGRITY_VERIFIED, true)
        .build();
  }

  private static Fact pruned() {
    return Fact.builder(FactEvent.PRUNE_RESULT, false)
        .put(FactField.PATH, "/etc/hosts")
        .put(FactField.OUTCOME, FactOutcome.PRUNED.wireName())
        .put(FactField.PRUNED_COUNT, 2)
        .put(FactField.RETAINED_COUNT, 3)
        .build();
  }

  private static Fact damaged() {
    return Fact.builder(FactEvent.VERIFY_RESULT, false)
        .put(FactField.PATH, "/etc/hosts")
        .put(FactField.OUTCOME, FactOutcome.DAMAGED.wireName())
        .put(FactField.PROBLEMS, List.of("payload missing"))
        .build();
  }

  private static Fact committed() {
    return Fact.builder(FactEvent.APPLY_RESULT, false)
        .put(FactField.PATH, "/etc/hosts")
        .put(FactField.OUTCOME, FactOutcome.COMMITTED.wireName())
        .put(FactField.BACKUP_DURABLE, true)
        .build();
  }

  private static Fact failed() {
    return Fact.builder(FactEvent.SNAPSHOT_RESULT, false)
        .put(FactField.PATH, "/var/run/fifo")
        .put(FactField.OUTCOME, FactOutcome.FAILED.wireName())
        .put(FactField.ERROR_ID, ErrorId.E_UNSUPPORTED_NODE.name())
        .put(FactField.EXIT_CODE, ErrorId.E_UNSUPPORTED_NODE.exitCode())
        .build();
  }
}
