package io.backupsidecar.domain.port;

import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SidecarFormatException;

/** Turns sidecars into bytes and back ({@code backup_meta} v1, v2, v3; DESIGN §3). */
public interface SidecarCodec {

  /**
   * Encodes a sidecar in the shape of its own schema version: only the fields that version defines,
   * absent fields omitted (never {@code null}), UTF-8 JSON.
   */
  byte[] encode(Sidecar sidecar);

  /**
   * Decodes a sidecar of any supported version, ignoring unknown fields.
   *
   * @param source the file the bytes came from, named in error messages
   * @throws SidecarFormatException for malformed JSON, an unknown {@code schema} or {@code
   *     prior_kind}, or a missing or invalid field; the message names {@code source}
   */
  Sidecar decode(byte[] bytes, String source) throws SidecarFormatException;
}
