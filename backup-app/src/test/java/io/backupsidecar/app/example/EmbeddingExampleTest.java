package io.backupsidecar.app.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's embedding example runs as shown, on the real file system and on Jimfs. */
class EmbeddingExampleTest {
  @TempDir Path tempDir;

  @Test
  void a_good_rewrite_stays_and_a_bad_one_is_rolled_back_on_the_default_file_system()
      throws Exception {
    rewritesAndRollsBack(tempDir);
  }

  @Test
  void a_good_rewrite_stays_and_a_bad_one_is_rolled_back_on_jimfs() throws Exception {
    try (FileSystem jimfs =
        Jimfs.newFileSystem(
            Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix")
                .build())) {
      Path dir = jimfs.getPath("/etc/app");
      Files.createDirectories(dir);
      rewritesAndRollsBack(dir);
    }
  }

  private static void rewritesAndRollsBack(Path dir) throws Exception {
    Path config = dir.resolve("app.conf");
    Path facts = dir.resolve("facts.jsonl");
    Files.writeString(config, "listen 80\n");

    EmbeddingExample.rewrite(config, "listen 8080\n", facts);
    assertEquals("listen 8080\n", Files.readString(config));

    BackupException e =
        assertThrows(
            BackupException.class, () -> EmbeddingExample.rewrite(config, "oops\n", facts));
    assertEquals(ErrorId.E_MUTATION_FAILED, e.id());
    assertEquals("listen 8080\n", Files.readString(config), "rolled back");
    assertEquals(2, payloads(dir).size(), "one snapshot per rewrite, beside the config");
    List<String> lines = Files.readAllLines(facts);
    assertTrue(
        lines.stream().anyMatch(l -> l.contains("\"event\":\"apply.result\"")), lines::toString);
  }

  private static List<String> payloads(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(".app.conf.deploy.") && n.endsWith(".bak"))
          .toList();
    }
  }

  @Test
  void the_readme_shows_this_example_as_it_is() throws Exception {
    Path source = Path.of("src/test/java/io/backupsidecar/app/example/EmbeddingExample.java");
    String example = Files.readString(source);
    String readme = Files.readString(Path.of("..", "README.md"));
    String block = example.substring(example.indexOf("import "));
    assertTrue(
        readme.contains("```java\n" + block + "```\n"),
        "README.md's embedding example differs from " + source + "; paste it from there");
  }
}
