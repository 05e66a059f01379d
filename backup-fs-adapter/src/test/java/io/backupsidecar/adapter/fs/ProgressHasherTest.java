package io.backupsidecar.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.backupsidecar.domain.contract.HasherContract;
import io.backupsidecar.domain.port.Hasher;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress decorator keeps the {@link Hasher} contract and reports what it hashed. */
class ProgressHasherTest extends HasherContract {
  @Override
  protected Hasher hasher() {
    return new ProgressHasher(
        new Sha256Hasher(),
        new ProgressHasher.Listener() {
          @Override
          public void progress(long stream, long total) {}

          @Override
          public void done(long stream, long total) {}
        });
  }

  @Test
  void reports_each_stream_s_running_totals_and_end_and_hashes_exactly_like_its_delegate() {
    List<String> events = new ArrayList<>();
    Hasher hasher =
        new ProgressHasher(
            new Sha256Hasher(),
            new ProgressHasher.Listener() {
              @Override
              public void progress(long stream, long total) {
                events.add(stream + " progress " + total);
              }

              @Override
              public void done(long stream, long total) {
                events.add(stream + " done " + total);
              }
            });
    Hasher.Session decorated = hasher.newSession();
    Hasher.Session plain = new Sha256Hasher().newSession();
    byte[] abc = {'a', 'b', 'c'};
    decorated.update(abc, 0, 3);
    decorated.update(ByteBuffer.wrap(abc, 1, 2));
    plain.update(abc, 0, 3);
    plain.update(abc, 1, 2);
    Hasher.Session second = hasher.newSession();
    second.update(abc, 0, 1);
    assertEquals(plain.finish(), decorated.finish());
    second.finish();
    assertEquals(
        List.of("1 progress 3", "1 progress 5", "2 progress 1", "1 done 5", "2 done 1"), events);
  }
}
