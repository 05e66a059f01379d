package io.backupsidecar.domain.fakes;

import io.backupsidecar.domain.contract.SidecarCodecContract;
import io.backupsidecar.domain.port.SidecarCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The domain tests' sidecar codec keeps the {@link SidecarCodec} contract. */
class TextSidecarCodecTest extends SidecarCodecContract {
  @Override
  protected Fixture fixture() {
    TextSidecarCodec codec = new TextSidecarCodec();
    return new Fixture() {
      @Override
      public SidecarCodec codec() {
        return codec;
      }

      @Override
      public byte[] withField(byte[] encoded, String name, String value) {
        List<String> lines = new ArrayList<>();
        boolean replaced = false;
        for (String line : new String(encoded, StandardCharsets.UTF_8).split("\n")) {
          if (line.startsWith(name + "=")) {
            lines.add(name + "=" + value);
            replaced = true;
          } else {
            lines.add(line);
          }
        }
        if (!replaced) {
          lines.add(name + "=" + value);
        }
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
      }
    };
  }
}
