package io.backupsidecar.adapter.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast timestamp path gives what {@link Instant#parse} gives, or leaves the text to it. */
class UtcTimestampTest {

  @Test
  void agreesWithInstantParseOnWrittenTimestamps() {
    Random random = new Random(15);
    for (int i = 0; i < 20_000; i++) {
      Instant t =
          Instant.ofEpochSecond(
              random.nextLong(-62_000_000_000L, 253_000_000_000L),
              random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
      String text = t.toString();
      assertEquals(t, Wire.parseUtcTimestamp(text), text);
    }
  }

  @Test
  void leavesEveryOtherFormToTheSlowPath() {
    for (String text :
        new String[] {
          "2025-02-29T00:00:00Z",
          "2024-13-01T00:00:00Z",
          "2024-01-01T24:00:00Z",
          "2024-12-31T23:59:60Z",
          "+2024-01-01T00:00:00Z",
          "12024-01-01T00:00:00Z",
          "2024-01-01T00:00:00.Z",
          "2024-01-01T00:00:00.1234567890Z",
          "2024-01-01T00:00:00+01:00",
          "2024-01-01t00:00:00Z",
          "2024-01-01T00:00:0xZ",
          "",
        }) {
      assertNull(Wire.parseUtcTimestamp(text), text);
    }
  }

  @Test
  void agreesOnFractionsOfEveryLength() {
    for (String text :
        new String[] {
          "2024-02-29T23:59:59.1Z",
          "2024-02-29T23:59:59.12Z",
          "2024-02-29T23:59:59.123456Z",
          "2024-02-29T23:59:59.123456789Z",
          "0000-01-01T00:00:00Z",
          "1969-12-31T23:59:59.999999999Z",
        }) {
      Instant expected;
      try {
        expected = Instant.parse(text);
      } catch (DateTimeParseException e) {
        expected = null;
      }
      assertEquals(expected, Wire.parseUtcTimestamp(text), text);
    }
  }
}
