package io.backupsidecar.adapter.sidecar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SidecarFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The decoder is total: any bytes give a sidecar or a SidecarFormatException, nothing else. */
class JacksonSidecarCodecRobustnessTest {
  /** Bytes that are structurally interesting in JSON, UTF-8 and our field values. */
  private static final byte[] EDITS =
      "\0\"\\{}[],: \n\t0178afgxzZ.-+eE/nl".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] HIGH = {
    (byte) 0x7f, (byte) 0x80, (byte) 0xbf, (byte) 0xc3, (byte) 0xe2, (byte) 0xf0, (byte) 0xff
  };

  private final JacksonSidecarCodec codec = new JacksonSidecarCodec();

  static Stream<String> goldens() {
    return Goldens.EXPECTED.keySet().stream();
  }

  /** Decodes; fails the test on any exception but SidecarFormatException. */
  private Sidecar decodeOrNull(byte[] input) {
    try {
      Sidecar s = codec.decode(input, "fuzz");
      // Whatever decodes must encode and decode back to itself.
      byte[] again = codec.encode(s);
      assertEquals(s, codec.decode(again, "re-encoded"));
      assertArrayEquals(again, codec.encode(codec.decode(again, "re-encoded")));
      return s;
    } catch (SidecarFormatException e) {
      assertTrue(e.getMessage().startsWith("sidecar fuzz"), e.getMessage());
      return null;
    } catch (Throwable t) {
      fail(
          "decode threw " + t + " for input (base64) " + Base64.getEncoder().encodeToString(input),
          t);
      return null;
    }
  }

  @ParameterizedTest
  @MethodSource("goldens")
  void every_truncation_of_a_golden_is_refused(String name) {
    byte[] golden = Goldens.bytes(name);
    for (int length = 0; length < golden.length; length++) {
      byte[] prefix = java.util.Arrays.copyOf(golden, length);
      assertThrows(
          SidecarFormatException.class,
          () -> codec.decode(prefix, name),
          "prefix of length " + length);
    }
  }

  @ParameterizedTest
  @MethodSource("goldens")
  void every_single_byte_edit_of_a_golden_is_refused_or_reads_as_a_valid_sidecar(String name) {
    byte[] golden = Goldens.bytes(name);
    Sidecar original = Goldens.EXPECTED.get(name);
    boolean[] insideString = insideStrings(golden);
    for (int pos = 0; pos < golden.length; pos++) {
      for (byte b : edits(golden[pos])) {
        if (b == golden[pos]) {
          continue;
        }
        byte[] edited = golden.clone();
        edited[pos] = b;
        Sidecar s = decodeOrNull(edited);
        if (s != null && s.equals(original)) {
          // Only swapping whitespace between tokens, or spelling 0 as -0, leaves the meaning.
          int at = pos;
          boolean whitespace = !insideString[pos] && isJsonSpace(golden[pos]) && isJsonSpace(b);
          boolean negativeZero = b == '-' && pos + 1 < golden.length && golden[pos + 1] == '0';
          assertTrue(
              whitespace || negativeZero,
              () -> "edit at " + at + " to " + (b & 0xff) + " went unnoticed");
        }
        if (s != null) {
          assertEquals(
              List.of(),
              SchemaCheck.errors(edited),
              () -> new String(edited, StandardCharsets.UTF_8));
        }
      }
    }
  }

  @Test
  void a_few_thousand_seeded_random_inputs_give_a_sidecar_or_a_format_exception() {
    Random random = new Random(20251124L);
    List<byte[]> goldens = new ArrayList<>();
    goldens().forEach(n -> goldens.add(Goldens.bytes(n)));
    int decoded = 0;
    for (int i = 0; i < 5_000; i++) {
      byte[] input =
          switch (i % 4) {
            case 0 -> randomBytes(random);
            case 1 -> mutate(random, goldens.get(random.nextInt(goldens.size())));
            case 2 -> tokenSoup(random);
            default ->
                splice(
                    random,
                    goldens.get(random.nextInt(goldens.size())),
                    goldens.get(random.nextInt(goldens.size())));
          };
      if (decodeOrNull(input) != null) {
        decoded++;
      }
    }
    // The mutations are mild enough that some still decode; all-refused would mean a bug.
    assertTrue(decoded > 0, "no fuzz input decoded");
  }

  private static byte[] edits(byte original) {
    byte[] out = new byte[EDITS.length + HIGH.length + 2];
    System.arraycopy(EDITS, 0, out, 0, EDITS.length);
    System.arraycopy(HIGH, 0, out, EDITS.length, HIGH.length);
    out[out.length - 2] = (byte) (original + 1);
    out[out.length - 1] = (byte) (original - 1);
    return out;
  }

  private static boolean isJsonSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\t' || b == '\r';
  }

  /** Which bytes of a valid JSON document lie inside string literals (quotes included). */
  private static boolean[] insideStrings(byte[] json) {
    boolean[] inside = new boolean[json.length];
    boolean in = false;
    for (int i = 0; i < json.length; i++) {
      if (json[i] == '"' && !in) {
        in = true;
        inside[i] = true;
      } else if (in) {
        inside[i] = true;
        if (json[i] == '\\') {
          inside[++i] = true;
        } else if (json[i] == '"') {
          in = false;
        }
      }
    }
    return inside;
  }

  private static byte[] randomBytes(Random r) {
    byte[] b = new byte[r.nextInt(64)];
    r.nextBytes(b);
    if (b.length > 0 && r.nextBoolean()) {
      b[0] = '{';
    }
    return b;
  }

  private static byte[] mutate(Random r, byte[] golden) {
    byte[] b = golden.clone();
    int edits = 1 + r.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int pos = r.nextInt(b.length);
      switch (r.nextInt(3)) {
        case 0 -> b[pos] = (byte) r.nextInt(256);
        case 1 -> b[pos] = EDITS[r.nextInt(EDITS.length)];
        default -> {
          byte[] shorter = new byte[b.length - 1];
          System.arraycopy(b, 0, shorter, 0, pos);
          System.arraycopy(b, pos + 1, shorter, pos, b.length - pos - 1);
          b = shorter;
        }
      }
    }
    return b;
  }

  private static byte[] splice(Random r, byte[] a, byte[] b) {
    int cutA = r.nextInt(a.length);
    int cutB = r.nextInt(b.length);
    byte[] out = new byte[cutA + b.length - cutB];
    System.arraycopy(a, 0, out, 0, cutA);
    System.arraycopy(b, cutB, out, cutA, b.length - cutB);
    return out;
  }

  private static final String[] TOKENS = {
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"schema\"",
    "\"backup_meta.v1\"",
    "\"backup_meta.v2\"",
    "\"backup_meta.v3\"",
    "\"prior_kind\"",
    "\"file\"",
    "\"symlink\"",
    "\"none\"",
    "\"mode\"",
    "\"100644\"",
    "\"prior_dest\"",
    "\"payload_hash\"",
    "\"" + Goldens.HELLO.hex() + "\"",
    "\"hash_alg\"",
    "\"sha256\"",
    "\"uid\"",
    "\"size\"",
    "0",
    "-1",
    "1e9",
    "4294967296",
    "null",
    "true",
    "\"\\ud800\"",
    "\"created_at\"",
    "\"2025-01-01T00:00:00Z\"",
    "\"tag\"",
    "\"target_name\"",
    "\"tool\"",
    "\"x\"",
    " ",
    "\n"
  };

  private static byte[] tokenSoup(Random r) {
    StringBuilder sb = new StringBuilder("{");
    int n = r.nextInt(30);
    for (int i = 0; i < n; i++) {
      sb.append(TOKENS[r.nextInt(TOKENS.length)]);
    }
    if (r.nextBoolean()) {
      sb.append('}');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
