package io.backupsidecar.adapter.sidecar;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.domain.contract.SidecarCodecContract;
import io.backupsidecar.domain.port.SidecarCodec;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The Jackson codec keeps the {@link SidecarCodec} contract. */
class JacksonSidecarCodecContractTest extends SidecarCodecContract {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Override
  protected Fixture fixture() {
    JacksonSidecarCodec codec = new JacksonSidecarCodec();
    return new Fixture() {
      @Override
      public SidecarCodec codec() {
        return codec;
      }

      @Override
      public byte[] withField(byte[] encoded, String name, String value) {
        try {
          ObjectNode document = (ObjectNode) MAPPER.readTree(encoded);
          document.put(name, value);
          return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }
}
