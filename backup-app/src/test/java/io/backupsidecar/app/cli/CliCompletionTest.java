package io.backupsidecar.app.cli;

import static io.backupsidecar.app.cli.CliHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.backupsidecar.app.cli.CliHarness.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, completion: the generated script, sourced in bash, offers every subcommand and every
 * option of a subcommand (it used to offer only {@code generate-completion}).
 */
class CliCompletionTest {
  @TempDir Path dir;

  /** What bash offers for the words typed so far (the last one being completed). */
  private List<String> offered(Path script, String... words) throws Exception {
    StringBuilder array = new StringBuilder();
    for (String w : words) {
      array.append(" '").append(w).append('\'');
    }
    String line = String.join(" ", words);
    String probe =
        String.join(
            "\n",
            "source '" + script + "'",
            "COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}",
            "COMP_WORDS=(" + array + " ); COMP_CWORD=" + (words.length - 1),
            "_complete_backup backup '"
                + words[words.length - 1]
                + "' '"
                + words[words.length - 2]
                + "' 2>/dev/null",
            "printf '%s\\n' \"${COMPREPLY[@]}\"");
    Result r = CliHarness.runProcess(dir, List.of("bash", "--norc", "-c", probe));
    assertEquals(0, r.exit(), r::toString);
    return r.outLines().stream().map(String::trim).sorted().toList();
  }

  private Path script() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
    Result r = run("generate-completion");
    assertEquals(0, r.exit(), r::toString);
    return Files.writeString(dir.resolve("backup-completion.bash"), r.out());
  }

  @Test
  void backup_tab_offers_every_subcommand() throws Exception {
    assertEquals(
        List.of(
            "cat",
            "diff",
            "exec",
            "generate-completion",
            "list",
            "prune",
            "restore",
            "show",
            "snapshot",
            "verify"),
        offered(script(), "backup", ""));
  }

  @Test
  void backup_restore_dash_dash_tab_offers_every_restore_option() throws Exception {
    List<String> offered = offered(script(), "backup", "restore", "--");

    assertEquals(
        new TreeSet<>(
                Arrays.asList(
                    "--at",
                    "--before",
                    "--best-effort",
                    "--debug",
                    "--dry-run",
                    "--facts",
                    "--help",
                    "--json",
                    "--no-capture",
                    "--no-require-integrity",
                    "--previous",
                    "--tag",
                    "--to",
                    "--trust-foreign-sidecars",
                    "--version"))
            .stream().filter(o -> !offered.contains(o)).toList(),
        List.of(),
        () -> "offered: " + offered);
  }

  @Test
  void backup_pr_tab_completes_to_prune() throws Exception {
    assertEquals(List.of("prune"), offered(script(), "backup", "pr"));
  }
}
