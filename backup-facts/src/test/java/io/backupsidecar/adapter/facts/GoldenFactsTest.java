package io.backupsidecar.adapter.facts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The emitter's bytes for one fact of each event, pinned in {@code src/test/resources/golden}. A
 * change to the wire format must show up as a diff of these files. To rewrite them after an
 * intended change, run the build with {@code -Dgolden.update=true} and review the diff.
 */
class GoldenFactsTest {

  static Stream<Arguments> onePerEvent() {
    return SampleFacts.onePerEvent().stream().map(f -> Arguments.of(f.event(), f));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("onePerEvent")
  void emitter_output_equals_the_golden_file_byte_for_byte(FactEvent event, Fact fact)
      throws IOException {
    byte[] actual = SampleFacts.emit(fact).getBytes(StandardCharsets.UTF_8);
    String name = event.wireName() + ".jsonl";
    if (Boolean.getBoolean("golden.update")) {
      Files.write(Path.of("src/test/resources/golden", name), actual);
    }
    try (InputStream in = GoldenFactsTest.class.getResourceAsStream("/golden/" + name)) {
      assertNotNull(in, "missing golden file golden/" + name);
      byte[] expected = in.readAllBytes();
      assertEquals(
          new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8));
      assertArrayEquals(expected, actual);
      FactsSchema.assertEveryLineValid(new String(expected, StandardCharsets.UTF_8));
    }
  }

  @Test
  void there_is_one_golden_fact_per_event_in_event_order() {
    assertEquals(
        Arrays.asList(FactEvent.values()),
        SampleFacts.onePerEvent().stream().map(Fact::event).toList());
  }
}
