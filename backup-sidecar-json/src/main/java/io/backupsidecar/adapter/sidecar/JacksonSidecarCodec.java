package io.backupsidecar.adapter.sidecar;

import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SidecarFormatException;
import io.backupsidecar.domain.port.SidecarCodec;
import java.net.URL;
import java.util.Objects;

/**
 * Jackson implementation of {@link SidecarCodec} for {@code backup_meta} v1, v2 and v3 that writes
 * v1/v2 exactly as switchyard does and reads switchyard's sidecars byte-for-byte.
 *
 * <p>Output is UTF-8 JSON pretty-printed like {@code serde_json::to_writer_pretty}: fields in
 * switchyard's order ({@code schema, prior_kind, prior_dest, mode, payload_hash}, then the v3
 * fields), two-space indent, {@code "key": value}, and no trailing newline (switchyard writes none,
 * and v1/v2 output is meant to be identical to its files). {@code uid}/{@code gid} are unsigned
 * 32-bit on the wire; the model's {@code int} carries them as Java's {@code unix:uid} attribute
 * does, so a uid above {@link Integer#MAX_VALUE} is a negative int.
 *
 * <p>Reading ignores unknown fields and fields the document's version or kind does not define,
 * refuses duplicate keys, trailing content, inputs over 1 MiB or nested deeper than 64 levels, and
 * turns every other problem into a {@link SidecarFormatException} naming the source. One instance
 * is thread-safe and meant to be shared.
 */
public final class JacksonSidecarCodec implements SidecarCodec {
  /** Classpath name, next to this class, of the JSON Schema for {@code backup_meta} v1-v3. */
  public static final String SCHEMA_RESOURCE = "backup_meta.schema.json";

  private final SidecarWriter writer = new SidecarWriter();
  private final SidecarReader reader = new SidecarReader();

  /** Creates a codec; its Jackson reader and writer are built once here. */
  public JacksonSidecarCodec() {}

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException for a sidecar the wire format cannot carry so it reads back
   *     equal: a file mode without regular-file type bits, a v3 file without {@code payload_hash},
   *     a {@code target_name} that is not one file name, an empty {@code tool}, or a string with a
   *     lone surrogate
   */
  @Override
  public byte[] encode(Sidecar sidecar) {
    Objects.requireNonNull(sidecar, "sidecar");
    return writer.write(sidecar);
  }

  @Override
  public Sidecar decode(byte[] bytes, String source) throws SidecarFormatException {
    Objects.requireNonNull(bytes, "bytes");
    return reader.read(bytes, String.valueOf(source));
  }

  /** The JSON Schema (draft 2020-12) for {@code backup_meta} v1, v2 and v3, shipped in the jar. */
  public static URL schema() {
    return Objects.requireNonNull(
        JacksonSidecarCodec.class.getResource(SCHEMA_RESOURCE), SCHEMA_RESOURCE);
  }
}
