package io.backupsidecar.domain.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.backupsidecar.domain.model.SchemaVersion;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SidecarFormatException;
import io.backupsidecar.domain.port.SidecarCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The {@link SidecarCodec} contract (DESIGN §3): every sidecar of every version and kind reads back
 * equal to what was written, in its own version; unknown fields are ignored; an unknown {@code
 * schema} or {@code prior_kind} is refused naming the file; and any bytes at all give a sidecar or
 * a {@link SidecarFormatException} naming the file, never another exception. Extend it with a
 * {@link Fixture} that knows how to change one field of an encoded sidecar.
 */
public abstract class SidecarCodecContract {
  private static final String SOURCE = "/etc/.hosts.backup.1732406400123.bak.meta.json";

  /** A codec under test, and the one edit of its bytes the contract needs. */
  protected interface Fixture {
    /** The codec under test. */
    SidecarCodec codec();

    /**
     * The encoded sidecar with its top-level field {@code name} (a wire name such as {@code
     * schema}) set to the text {@code value}: replaced where present, added where absent.
     */
    byte[] withField(byte[] encoded, String name, String value);
  }

  /** A fresh fixture. */
  protected abstract Fixture fixture();

  @Test
  void every_version_and_kind_reads_back_equal() throws SidecarFormatException {
    SidecarCodec codec = fixture().codec();
    for (Sidecar sidecar : SidecarSamples.ordinary()) {
      assertEquals(sidecar, codec.decode(codec.encode(sidecar), SOURCE));
    }
  }

  @Test
  void extreme_values_and_awkward_strings_read_back_equal() throws SidecarFormatException {
    SidecarCodec codec = fixture().codec();
    for (Sidecar sidecar : SidecarSamples.edgeCases()) {
      assertEquals(sidecar, codec.decode(codec.encode(sidecar), SOURCE));
    }
  }

  @Test
  void a_thousand_seeded_random_sidecars_read_back_equal() throws SidecarFormatException {
    SidecarCodec codec = fixture().codec();
    for (Sidecar sidecar : SidecarSamples.random(20261201L, 1_000)) {
      assertEquals(sidecar, codec.decode(codec.encode(sidecar), SOURCE));
    }
  }

  @Test
  void a_sidecar_written_in_an_older_version_reads_back_in_that_version()
      throws SidecarFormatException {
    SidecarCodec codec = fixture().codec();
    for (Sidecar v3 : SidecarSamples.ordinary()) {
      if (v3.schema() != SchemaVersion.V3) {
        continue;
      }
      for (SchemaVersion version : SchemaVersion.values()) {
        Sidecar older = v3.withVersion(version);
        Sidecar read = codec.decode(codec.encode(older), SOURCE);
        assertEquals(older, read);
        // v2 as switchyard writes it: backup_meta.v2 only for a hashed file, else v1
        boolean hashedFile = v3.prior() instanceof Sidecar.PriorFile f && f.payloadHash() != null;
        assertEquals(
            version == SchemaVersion.V2 && !hashedFile ? SchemaVersion.V1 : version, read.schema());
      }
    }
  }

  @Test
  void the_same_sidecar_always_encodes_to_the_same_bytes() throws SidecarFormatException {
    SidecarCodec codec = fixture().codec();
    for (Sidecar sidecar : SidecarSamples.ordinary()) {
      byte[] once = codec.encode(sidecar);
      assertArrayEquals(once, codec.encode(sidecar));
      assertArrayEquals(once, codec.encode(codec.decode(once, SOURCE)));
    }
  }

  @Test
  void unknown_fields_are_ignored() throws SidecarFormatException {
    Fixture fixture = fixture();
    for (Sidecar sidecar : SidecarSamples.ordinary()) {
      byte[] withMore =
          fixture.withField(fixture.codec().encode(sidecar), "written_by_2030", "something new");
      assertEquals(sidecar, fixture.codec().decode(withMore, SOURCE));
    }
  }

  @Test
  void an_unknown_schema_is_refused_naming_the_file() {
    Fixture fixture = fixture();
    for (Sidecar sidecar : SidecarSamples.ordinary()) {
      byte[] future =
          fixture.withField(fixture.codec().encode(sidecar), "schema", "backup_meta.v9");
      assertRefusedNamingTheFile(fixture.codec(), future);
    }
  }

  @Test
  void an_unknown_prior_kind_is_refused_naming_the_file() {
    Fixture fixture = fixture();
    for (Sidecar sidecar : SidecarSamples.ordinary()) {
      byte[] fifo = fixture.withField(fixture.codec().encode(sidecar), "prior_kind", "fifo");
      assertRefusedNamingTheFile(fixture.codec(), fifo);
    }
  }

  @Test
  void bytes_that_are_no_sidecar_are_refused_naming_the_file() {
    SidecarCodec codec = fixture().codec();
    for (String text : List.of("", "\n", "not a sidecar", "{}", "[]", "null", "\u0000")) {
      assertRefusedNamingTheFile(codec, text.getBytes(StandardCharsets.UTF_8));
    }
    assertRefusedNamingTheFile(codec, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
  }

  @Test
  void every_truncation_gives_a_sidecar_or_a_format_exception_naming_the_file() {
    SidecarCodec codec = fixture().codec();
    for (Sidecar sidecar : SidecarSamples.ordinary()) {
      byte[] whole = codec.encode(sidecar);
      for (int length = 0; length < whole.length; length++) {
        decodesOrRefusesNamingTheFile(codec, Arrays.copyOf(whole, length));
      }
    }
  }

  @Test
  void random_edits_give_a_sidecar_or_a_format_exception_naming_the_file() {
    SidecarCodec codec = fixture().codec();
    Random random = new Random(20261201L);
    List<Sidecar> samples = SidecarSamples.ordinary();
    for (int i = 0; i < 2_000; i++) {
      byte[] bytes = codec.encode(samples.get(random.nextInt(samples.size())));
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      decodesOrRefusesNamingTheFile(codec, bytes);
    }
  }

  private static void assertRefusedNamingTheFile(SidecarCodec codec, byte[] bytes) {
    SidecarFormatException e =
        assertThrows(
            SidecarFormatException.class,
            () -> codec.decode(bytes, SOURCE),
            () -> new String(bytes, StandardCharsets.UTF_8));
    assertTrue(e.getMessage().contains(SOURCE), e.getMessage());
  }

  private static void decodesOrRefusesNamingTheFile(SidecarCodec codec, byte[] bytes) {
    try {
      codec.decode(bytes, SOURCE);
    } catch (SidecarFormatException e) {
      assertTrue(e.getMessage().contains(SOURCE), e.getMessage());
    } catch (RuntimeException e) {
      fail("decode threw " + e + " for (base64) " + Base64.getEncoder().encodeToString(bytes), e);
    }
  }
}
