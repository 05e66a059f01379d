package io.backupsidecar.app.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.backupsidecar.app.hostile.Hostile.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --facts FILE} where someone else could have put something at FILE: a symlink to a file
 * root owns must not make a root run append to it, and a FIFO must not hang the run. The command
 * refuses before it does anything (no snapshot is taken without its facts).
 */
class FactsFileTest {
  @TempDir Path root;
  private Path work;
  private Path target;

  @BeforeEach
  void layout() throws Exception {
    work = Files.createDirectory(root.resolve("work"));
    target = Files.writeString(work.resolve("app.conf"), "listen 80\n");
  }

  private static Run cli(String... args) {
    return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Hostile.cli(args));
  }

  private static void assertRefusedAsUsage(Run run, Path facts) {
    assertEquals(2, run.exit(), run::toString);
    assertTrue(
        run.err().startsWith("error E_USAGE: cannot open the facts file " + facts), run::toString);
    assertTrue(run.err().contains("not a regular file"), run::toString);
  }

  @Test
  void a_symlink_at_the_facts_file_is_refused_and_the_file_it_points_to_is_untouched()
      throws Exception {
    Path victim =
        Files.writeString(
            Files.createDirectory(root.resolve("etc")).resolve("shadow"),
            "root:*:19000:0:99999:7:::\n");
    Path facts = Files.createSymbolicLink(work.resolve("facts.jsonl"), victim);
    Map<String, String> before = Hostile.fingerprint(root);

    Run run = cli("snapshot", "--facts", facts.toString(), target.toString());

    assertRefusedAsUsage(run, facts);
    assertEquals("root:*:19000:0:99999:7:::\n", Files.readString(victim));
    assertEquals(before, Hostile.fingerprint(root), "nothing written anywhere, no snapshot");
  }

  @Test
  void a_dangling_symlink_at_the_facts_file_creates_nothing_at_its_destination() throws Exception {
    Path destination = root.resolve("cron.d-job");
    Path facts = Files.createSymbolicLink(work.resolve("facts.jsonl"), destination);
    Map<String, String> before = Hostile.fingerprint(root);

    Run run = cli("restore", "--facts", facts.toString(), target.toString());

    assertRefusedAsUsage(run, facts);
    assertEquals(before, Hostile.fingerprint(root), "no file created through the link");
  }

  @Test
  void a_fifo_at_the_facts_file_is_refused_without_hanging_or_writing_to_it() throws Exception {
    assumeTrue(Hostile.onLinux() && Hostile.commandExists("mkfifo"), "needs mkfifo");
    Path fifo = work.resolve("facts.jsonl");
    assertEquals(0, Hostile.exec(List.of("mkfifo", fifo.toString()), 10).exit());
    Map<String, String> before = Hostile.fingerprint(root);

    Run run = cli("snapshot", "--facts", fifo.toString(), target.toString());

    assertRefusedAsUsage(run, fifo);
    assertEquals(before, Hostile.fingerprint(root), "FIFO left alone, no snapshot");
  }
}
