package io.backupsidecar.adapter.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecordingFactEmitterTest {

  @Test
  void records_facts_in_emission_order() {
    RecordingFactEmitter recorder = new RecordingFactEmitter();

    recorder.emit(SampleFacts.snapshotCreated());
    recorder.emit(SampleFacts.pruneResult());
    recorder.emit(SampleFacts.snapshotFailed());

    assertEquals(List.of(SampleFacts.snapshotCreated(), SampleFacts.pruneResult(),
        SampleFacts.snapshotFailed()), recorder.facts());
  }

  @Test
  void filters_by_event_keeping_order() {
    RecordingFactEmitter recorder = new RecordingFactEmitter();
    recorder.emit(SampleFacts.snapshotCreated());
    recorder.emit(SampleFacts.pruneResult());
    recorder.emit(SampleFacts.snapshotFailed());

    assertEquals(List.of(SampleFacts.snapshotCreated(), SampleFacts.snapshotFailed()),
        recorder.facts(FactEvent.SNAPSHOT_RESULT));
    assertEquals(List.of(), recorder.facts(FactEvent.APPLY_RESULT));
  }

  @Test
  void returned_list_is_an_immutable_snapshot() {
    RecordingFactEmitter recorder = new RecordingFactEmitter();
    recorder.emit(SampleFacts.pruneResult());
    List<Fact> seen = recorder.facts();

    recorder.emit(SampleFacts.pruneResult());

    assertEquals(1, seen.size());
    assertThrows(UnsupportedOperationException.class, () -> seen.add(SampleFacts.pruneResult()));
  }

  @Test
  void clear_forgets_every_fact() {
    RecordingFactEmitter recorder = new RecordingFactEmitter();
    recorder.emit(SampleFacts.pruneResult());

    recorder.clear();

    assertEquals(List.of(), recorder.facts());
  }

  @Test
  void concurrent_emits_from_eight_threads_are_all_recorded() throws Exception {
    RecordingFactEmitter recorder = new RecordingFactEmitter();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            recorder.emit(SampleFacts.pruneResult());
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(4000, recorder.facts().size());
  }
}
