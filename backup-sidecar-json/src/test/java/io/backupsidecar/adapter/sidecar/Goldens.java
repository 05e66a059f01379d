package io.backupsidecar.adapter.sidecar;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.FileMode;
import io.backupsidecar.domain.model.SchemaVersion;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Sidecar.PriorFile;
import io.backupsidecar.domain.model.Sidecar.PriorNone;
import io.backupsidecar.domain.model.Sidecar.PriorSymlink;
import io.backupsidecar.domain.model.Sidecar.Provenance;
import io.backupsidecar.domain.model.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The golden sidecar files and the models they stand for. */
final class Goldens {
  static final ContentHash HELLO =
      new ContentHash("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  static final String TOOL = "backup-sidecar/0.1.0";

  /** File name under {@code golden/} to the sidecar it holds, in a stable order. */
  static final Map<String, Sidecar> EXPECTED = new LinkedHashMap<>();

  static {
    EXPECTED.put(
        "v1-file.json",
        new Sidecar(
            SchemaVersion.V1,
            new PriorFile(FileMode.regular(0644), null, null, null, null, null),
            null));
    EXPECTED.put(
        "v1-file-hash.json",
        new Sidecar(
            SchemaVersion.V1,
            new PriorFile(FileMode.regular(0600), HELLO, null, null, null, null),
            null));
    EXPECTED.put(
        "v1-symlink.json", new Sidecar(SchemaVersion.V1, new PriorSymlink("../../bin"), null));
    EXPECTED.put("v1-none.json", new Sidecar(SchemaVersion.V1, new PriorNone(), null));
    EXPECTED.put(
        "v1-symlink-escapes.json",
        new Sidecar(
            SchemaVersion.V1,
            new PriorSymlink(
                "tab\there esc\u001b vt\u000b quote\" back\\slash caf\u00e9 \uD83D\uDE42 del\u007f"),
            null));
    EXPECTED.put(
        "v2-file.json",
        new Sidecar(
            SchemaVersion.V2,
            new PriorFile(FileMode.regular(0755), HELLO, null, null, null, null),
            null));
    EXPECTED.put(
        "v2-symlink.json",
        new Sidecar(SchemaVersion.V2, new PriorSymlink("/opt/uutils/bin/ls"), null));
    EXPECTED.put("v2-none.json", new Sidecar(SchemaVersion.V2, new PriorNone(), null));
    EXPECTED.put(
        "v3-file.json",
        new Sidecar(
            SchemaVersion.V3,
            new PriorFile(
                FileMode.regular(04755),
                HELLO,
                5L,
                0,
                42,
                Instant.parse("2025-09-13T18:13:38.123Z")),
            new Provenance(
                Instant.parse("2025-11-24T23:31:07.456Z"), Tag.DEFAULT, "passwd", TOOL)));
    EXPECTED.put(
        "v3-symlink.json",
        new Sidecar(
            SchemaVersion.V3,
            new PriorSymlink("../lib/libfoo.so.1"),
            new Provenance(Instant.parse("2025-11-24T23:31:07Z"), Tag.DEFAULT, "libfoo.so", TOOL)));
    EXPECTED.put(
        "v3-none.json",
        new Sidecar(
            SchemaVersion.V3,
            new PriorNone(),
            new Provenance(
                Instant.parse("2025-11-24T23:31:07.000000001Z"),
                new Tag("pre_upgrade-2"),
                "new.conf",
                TOOL)));
  }

  private Goldens() {}

  static byte[] bytes(String name) {
    try (InputStream in = Goldens.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no golden file " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String source(String name) {
    return "/dir/." + name + ".bak.meta.json";
  }
}
