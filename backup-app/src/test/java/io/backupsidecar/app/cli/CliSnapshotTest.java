package io.backupsidecar.app.cli;

import static io.backupsidecar.app.cli.CliHarness.fixedAt;
import static io.backupsidecar.app.cli.CliHarness.gid;
import static io.backupsidecar.app.cli.CliHarness.mode;
import static io.backupsidecar.app.cli.CliHarness.mtime;
import static io.backupsidecar.app.cli.CliHarness.names;
import static io.backupsidecar.app.cli.CliHarness.payload;
import static io.backupsidecar.app.cli.CliHarness.readJson;
import static io.backupsidecar.app.cli.CliHarness.run;
import static io.backupsidecar.app.cli.CliHarness.setMetadata;
import static io.backupsidecar.app.cli.CliHarness.sha256;
import static io.backupsidecar.app.cli.CliHarness.sidecar;
import static io.backupsidecar.app.cli.CliHarness.uid;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupsidecar.app.cli.CliHarness.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue "foundation": what {@code backup snapshot} leaves on disk. */
class CliSnapshotTest {
  private static final long T = 1_700_000_000_000L;
  private static final Instant MTIME = Instant.parse("2021-03-04T05:06:07.123456789Z");

  @TempDir Path dir;

  private static byte[] everyByteValue() {
    byte[] bytes = new byte[3 * 256 + 7];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }

  @Test
  void snapshot_copies_a_file_beside_itself_with_its_bytes_setuid_mode_owner_and_mtime()
      throws Exception {
    Path file = dir.resolve("file");
    byte[] bytes = everyByteValue();
    Files.write(file, bytes);
    setMetadata(file, 1234, 5678, 04755, FileTime.from(MTIME));

    Result r = run(fixedAt(T), "snapshot", file.toString());

    assertEquals(0, r.exit(), r::toString);
    Path payload = dir.resolve(".file.backup." + T + ".bak");
    assertEquals(
        List.of(".file.backup." + T + ".bak", ".file.backup." + T + ".bak.meta.json", "file"),
        names(dir));
    assertArrayEquals(bytes, Files.readAllBytes(payload));
    assertEquals(0104755, mode(payload));
    assertEquals(1234, uid(payload));
    assertEquals(5678, gid(payload));
    assertEquals(FileTime.from(MTIME), mtime(payload));
    assertTrue(r.out().contains(".file.backup." + T + ".bak"), r::toString);
  }

  @Test
  void snapshot_writes_a_v3_sidecar_whose_payload_hash_is_the_sha256_of_the_bytes()
      throws Exception {
    Path file = dir.resolve("file");
    byte[] bytes = everyByteValue();
    Files.write(file, bytes);
    setMetadata(file, 1234, 5678, 04755, FileTime.from(MTIME));

    assertEquals(0, run(fixedAt(T), "snapshot", file.toString()).exit());

    JsonNode sidecar = readJson(sidecar(file, T));
    assertEquals("backup_meta.v3", sidecar.get("schema").asText());
    assertEquals("file", sidecar.get("prior_kind").asText());
    assertEquals("104755", sidecar.get("mode").asText());
    assertEquals(sha256(bytes), sidecar.get("payload_hash").asText());
    assertEquals(sha256(payload(file, T)), sidecar.get("payload_hash").asText());
    assertEquals("sha256", sidecar.get("hash_alg").asText());
    assertEquals(bytes.length, sidecar.get("size").asLong());
    assertEquals(1234, sidecar.get("uid").asInt());
    assertEquals(5678, sidecar.get("gid").asInt());
    assertEquals(MTIME, Instant.parse(sidecar.get("mtime").asText()));
    assertEquals("backup", sidecar.get("tag").asText());
    assertEquals("file", sidecar.get("target_name").asText());
    assertEquals(Instant.ofEpochMilli(T), Instant.parse(sidecar.get("created_at").asText()));
    assertFalse(sidecar.has("prior_dest"));
  }

  @Test
  void snapshot_of_a_symlink_is_a_symlink_with_the_same_raw_relative_destination()
      throws Exception {
    Path link = dir.resolve("link");
    Files.createSymbolicLink(link, Path.of("../elsewhere/./target.conf"));

    Result r = run(fixedAt(T), "snapshot", link.toString());

    assertEquals(0, r.exit(), r::toString);
    Path payload = payload(link, T);
    assertTrue(Files.isSymbolicLink(payload));
    assertEquals("../elsewhere/./target.conf", Files.readSymbolicLink(payload).toString());
    JsonNode sidecar = readJson(sidecar(link, T));
    assertEquals("backup_meta.v3", sidecar.get("schema").asText());
    assertEquals("symlink", sidecar.get("prior_kind").asText());
    assertEquals("../elsewhere/./target.conf", sidecar.get("prior_dest").asText());
    assertFalse(sidecar.has("mode"));
    assertFalse(sidecar.has("payload_hash"));
    assertTrue(Files.isSymbolicLink(link), "the target itself is left alone");
  }

  @Test
  void snapshot_of_an_absent_path_is_an_empty_tombstone_with_prior_kind_none() throws Exception {
    Path absent = dir.resolve("not-yet");

    Result r = run(fixedAt(T), "snapshot", absent.toString());

    assertEquals(0, r.exit(), r::toString);
    Path payload = payload(absent, T);
    assertTrue(Files.isRegularFile(payload, NOFOLLOW_LINKS));
    assertEquals(0, Files.size(payload));
    JsonNode sidecar = readJson(sidecar(absent, T));
    assertEquals("none", sidecar.get("prior_kind").asText());
    assertFalse(sidecar.has("prior_dest"));
    assertFalse(sidecar.has("mode"));
    assertFalse(sidecar.has("payload_hash"));
    assertFalse(Files.exists(absent, NOFOLLOW_LINKS), "the target is still absent");
  }

  @Test
  void sidecar_version_2_writes_exactly_the_switchyard_v2_shape() throws Exception {
    Path file = dir.resolve("hosts");
    byte[] bytes = "127.0.0.1 localhost\n".getBytes(StandardCharsets.UTF_8);
    Files.write(file, bytes);
    Files.setAttribute(file, "unix:mode", 0644);

    Result r = run(fixedAt(T), "snapshot", "--sidecar-version", "2", file.toString());

    assertEquals(0, r.exit(), r::toString);
    String expected =
        "{\n"
            + "  \"schema\": \"backup_meta.v2\",\n"
            + "  \"prior_kind\": \"file\",\n"
            + "  \"mode\": \"100644\",\n"
            + "  \"payload_hash\": \""
            + sha256(bytes)
            + "\"\n"
            + "}";
    assertEquals(expected, Files.readString(sidecar(file, T)));
    assertArrayEquals(bytes, Files.readAllBytes(payload(file, T)));
  }

  @Test
  void one_call_snapshots_many_targets_of_every_kind() throws Exception {
    List<String> args = new ArrayList<>(List.of("snapshot"));
    for (int i = 0; i < 10; i++) {
      Path f = dir.resolve("f" + i);
      Files.writeString(f, "content " + i);
      args.add(f.toString());
    }
    Files.createDirectory(dir.resolve("sub"));
    Path nested = dir.resolve("sub/nested");
    Files.writeString(nested, "nested");
    Path link = dir.resolve("link");
    Files.createSymbolicLink(link, Path.of("f0"));
    Path absent = dir.resolve("absent");
    args.addAll(List.of(nested.toString(), link.toString(), absent.toString()));

    Result r = run(fixedAt(T), args.toArray(String[]::new));

    assertEquals(0, r.exit(), r::toString);
    for (int i = 0; i < 10; i++) {
      Path f = dir.resolve("f" + i);
      assertEquals("content " + i, Files.readString(payload(f, T)));
      assertEquals(sha256(f), readJson(sidecar(f, T)).get("payload_hash").asText());
    }
    assertEquals("nested", Files.readString(payload(nested, T)));
    assertEquals("f0", Files.readSymbolicLink(payload(link, T)).toString());
    assertEquals("none", readJson(sidecar(absent, T)).get("prior_kind").asText());
    // 10 files + sub + link + 12 pairs at the top level
    List<String> names = names(dir);
    assertEquals(10 + 1 + 1 + 2 * 12, names.size(), names::toString);
  }

  @Test
  void snapshot_json_output_names_each_backup_and_its_hash() throws Exception {
    Path file = dir.resolve("file");
    Files.writeString(file, "abc");

    Result r = run(fixedAt(T), "snapshot", "--json", file.toString());

    assertEquals(0, r.exit(), r::toString);
    JsonNode doc = CliHarness.parse(r.out()).get("snapshots");
    assertEquals(1, doc.size());
    assertEquals(payload(file, T).getFileName().toString(), doc.get(0).get("backup").asText());
    assertEquals(T, doc.get(0).get("stamp").asLong());
    assertEquals(sha256(file), doc.get(0).get("payload_hash").asText());
    assertTrue(doc.get(0).get("backup_durable").asBoolean());
  }
}
