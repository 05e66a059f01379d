package io.backupsidecar.adapter.facts;

import static io.backupsidecar.adapter.facts.SampleFacts.CLOCK;
import static io.backupsidecar.adapter.facts.SampleFacts.RUN_ID;
import static io.backupsidecar.adapter.facts.SampleFacts.TOOL;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --facts FILE} in a directory someone else can write: the name is the file, never a pointer
 * to one. A symlink planted at it is not followed (nothing is appended to, or created at, its
 * destination), and a FIFO, directory or device is refused without being opened.
 */
class FactsFileRefusalTest {
  @TempDir Path dir;

  private FileSystemException refused(Path file) {
    FileSystemException e =
        assertThrows(
            FileSystemException.class,
            () -> JsonLinesFactEmitter.toFile(file, CLOCK, RUN_ID, TOOL).close());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    return e;
  }

  @Test
  void a_symlink_planted_at_the_facts_file_is_refused_and_its_target_is_not_appended_to()
      throws Exception {
    Path victim = Files.writeString(dir.resolve("victim"), "root's file\n");
    Path facts = Files.createSymbolicLink(dir.resolve("facts.jsonl"), victim);

    FileSystemException e = refused(facts);

    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    assertEquals("root's file\n", Files.readString(victim));
    assertTrue(Files.isSymbolicLink(facts), "the link is left alone");
  }

  @Test
  void a_dangling_symlink_at_the_facts_file_does_not_create_its_destination() throws Exception {
    Path destination = dir.resolve("created-elsewhere");
    Path facts = Files.createSymbolicLink(dir.resolve("facts.jsonl"), destination);

    refused(facts);

    assertFalse(Files.exists(destination, NOFOLLOW_LINKS), "O_CREAT followed the link");
  }

  @Test
  void a_fifo_at_the_facts_file_is_refused_without_opening_it_so_nothing_hangs() throws Exception {
    Path fifo = dir.resolve("facts.jsonl");
    assumeTrue(mkfifo(fifo), "needs mkfifo (a POSIX system)");

    // opening a FIFO for writing waits for a reader forever: the refusal must come first
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> refused(fifo));

    assertTrue(
        Files.readAttributes(fifo, BasicFileAttributes.class, NOFOLLOW_LINKS).isOther(),
        "still a FIFO");
  }

  @Test
  void a_directory_at_the_facts_file_is_refused() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("facts.jsonl"));

    assertTrue(refused(sub).getMessage().contains("directory"));
  }

  @Test
  void a_symlink_is_refused_on_any_file_system_not_only_the_default_one() throws Exception {
    try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix())) {
      Path victim = Files.writeString(fs.getPath("/victim"), "untouched");
      Path facts = Files.createSymbolicLink(fs.getPath("/facts.jsonl"), victim);

      refused(facts);

      assertEquals("untouched", Files.readString(victim));
    }
  }

  @Test
  void an_absent_facts_file_is_created_and_a_regular_one_appended_to() throws Exception {
    Path facts = dir.resolve("facts.jsonl");
    try (JsonLinesFactEmitter emitter = JsonLinesFactEmitter.toFile(facts, CLOCK, RUN_ID, TOOL)) {
      emitter.emit(SampleFacts.snapshotCreated());
    }
    try (JsonLinesFactEmitter emitter = JsonLinesFactEmitter.toFile(facts, CLOCK, RUN_ID, TOOL)) {
      emitter.emit(SampleFacts.pruneResult());
    }

    assertEquals(
        SampleFacts.emit(SampleFacts.snapshotCreated())
            + SampleFacts.emit(SampleFacts.pruneResult()),
        Files.readString(facts));
  }

  private static boolean mkfifo(Path path) {
    try {
      Process p = new ProcessBuilder("mkfifo", path.toString()).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
