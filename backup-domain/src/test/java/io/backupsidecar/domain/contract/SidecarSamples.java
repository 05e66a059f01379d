package io.backupsidecar.domain.contract;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.FileMode;
import io.backupsidecar.domain.model.SchemaVersion;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Sidecar.PriorFile;
import io.backupsidecar.domain.model.Sidecar.PriorNone;
import io.backupsidecar.domain.model.Sidecar.PriorSymlink;
import io.backupsidecar.domain.model.Sidecar.Provenance;
import io.backupsidecar.domain.model.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Sidecars of every version and kind: ordinary ones, edge cases, and seeded random ones. */
public final class SidecarSamples {
  /** SHA-256 of {@code "hello\n"}. */
  public static final ContentHash HELLO =
      new ContentHash("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");

  private SidecarSamples() {}

  /** One of each version and kind, and a restore's capture. */
  public static List<Sidecar> ordinary() {
    Instant mtime = Instant.parse("2026-11-24T12:00:00.123456789Z");
    Provenance provenance =
        new Provenance(Instant.parse("2026-11-24T12:00:01Z"), Tag.DEFAULT, "hosts", "backup/test");
    Provenance capture =
        new Provenance(
            Instant.parse("2026-11-24T12:00:02Z"),
            Tag.DEFAULT,
            "hosts",
            "backup/test",
            Sidecar.Origin.RESTORE_CAPTURE);
    return List.of(
        new Sidecar(
            SchemaVersion.V1,
            new PriorFile(FileMode.regular(0644), null, null, null, null, null),
            null),
        new Sidecar(SchemaVersion.V1, new PriorSymlink("../etc/hosts"), null),
        new Sidecar(SchemaVersion.V1, new PriorNone(), null),
        new Sidecar(
            SchemaVersion.V2,
            new PriorFile(FileMode.regular(0755), HELLO, null, null, null, null),
            null),
        new Sidecar(SchemaVersion.V2, new PriorSymlink("/usr/bin/python3"), null),
        new Sidecar(SchemaVersion.V2, new PriorNone(), null),
        new Sidecar(
            SchemaVersion.V3,
            new PriorFile(FileMode.regular(04755), HELLO, 6L, 0, 42, mtime),
            provenance),
        new Sidecar(SchemaVersion.V3, new PriorSymlink("hosts.d/current"), provenance),
        new Sidecar(SchemaVersion.V3, new PriorNone(), provenance),
        new Sidecar(
            SchemaVersion.V3,
            new PriorFile(FileMode.regular(0600), HELLO, 6L, 1000, 1000, mtime),
            capture));
  }

  /** Extreme ids, sizes, modes and instants, and awkward strings. */
  public static List<Sidecar> edgeCases() {
    List<Sidecar> out = new ArrayList<>();
    Provenance prov = new Provenance(Instant.EPOCH, Tag.SWITCHYARD, "x", "t");
    out.add(
        new Sidecar(
            SchemaVersion.V3,
            new PriorFile(
                new FileMode(FileMode.S_IFREG | 07777),
                HELLO,
                Long.MAX_VALUE,
                -1,
                -2,
                Instant.parse("9999-12-31T23:59:59.999999999Z")),
            prov));
    out.add(
        new Sidecar(
            SchemaVersion.V3,
            new PriorFile(
                FileMode.regular(0),
                HELLO,
                0L,
                Integer.MAX_VALUE,
                Integer.MIN_VALUE,
                Instant.EPOCH),
            prov));
    out.add(
        new Sidecar(
            SchemaVersion.V3,
            new PriorFile(FileMode.regular(0600), HELLO, null, null, null, null),
            prov));
    out.add(
        new Sidecar(
            SchemaVersion.V2,
            new PriorFile(FileMode.regular(0644), null, null, null, null, null),
            null));
    out.add(
        new Sidecar(
            SchemaVersion.V1,
            new PriorSymlink("\u0001\u001f\b\f\n\r\t\"\\/ \u2028\u2029 \uFEFF \uD800\uDC00 end"),
            null));
    out.add(new Sidecar(SchemaVersion.V1, new PriorSymlink("a=b\\nc\\\\n\n=\\"), null));
    out.add(
        new Sidecar(
            SchemaVersion.V3,
            new PriorSymlink("x".repeat(4096)),
            new Provenance(
                Instant.parse("1969-07-20T20:17:40Z"),
                new Tag("A".repeat(64)),
                "na\u00efve \uD83D\uDCC1 name with spaces.conf",
                "tool \"quoted\"\n2")));
    return out;
  }

  /** Seeded random sidecars, valid by construction. */
  public static List<Sidecar> random(long seed, int count) {
    Random r = new Random(seed);
    List<Sidecar> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      SchemaVersion v = SchemaVersion.values()[r.nextInt(3)];
      Sidecar.Prior prior =
          switch (r.nextInt(3)) {
            case 0 ->
                new PriorFile(
                    FileMode.regular(r.nextInt(010000)),
                    v == SchemaVersion.V1 ? null : randomHash(r),
                    v == SchemaVersion.V3 && r.nextBoolean()
                        ? (long) r.nextInt(Integer.MAX_VALUE)
                        : null,
                    v == SchemaVersion.V3 && r.nextBoolean() ? r.nextInt() : null,
                    v == SchemaVersion.V3 && r.nextBoolean() ? r.nextInt() : null,
                    v == SchemaVersion.V3 && r.nextBoolean() ? randomInstant(r) : null);
            case 1 -> new PriorSymlink(randomText(r, 1));
            default -> new PriorNone();
          };
      Provenance p =
          v == SchemaVersion.V3
              ? new Provenance(
                  randomInstant(r),
                  new Tag("t" + r.nextInt(1000)),
                  "n" + randomText(r, 0).replace('/', '_'),
                  randomText(r, 1))
              : null;
      out.add(new Sidecar(v, prior, p));
    }
    return out;
  }

  private static ContentHash randomHash(Random r) {
    byte[] digest = new byte[32];
    r.nextBytes(digest);
    return ContentHash.of(digest);
  }

  private static Instant randomInstant(Random r) {
    // Years 1900 to 2200, any nanosecond.
    long seconds = -2_208_988_800L + (long) (r.nextDouble() * 9_467_280_000L);
    return Instant.ofEpochSecond(seconds, r.nextBoolean() ? 0 : r.nextInt(1_000_000_000));
  }

  /** Text of letters, control characters, non-BMP code points; no NUL. */
  private static String randomText(Random r, int minLength) {
    int length = minLength + r.nextInt(20);
    StringBuilder sb = new StringBuilder();
    while (sb.length() < length) {
      int cp =
          switch (r.nextInt(4)) {
            case 0 -> 1 + r.nextInt(0x7f);
            case 1 -> 0x20 + r.nextInt(0x5f);
            case 2 -> 0xa0 + r.nextInt(0xd800 - 0xa0);
            default -> 0x10000 + r.nextInt(0x10ffff - 0x10000);
          };
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }
}
