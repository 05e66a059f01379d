package io.backupsidecar.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseDocsTest {
  @TempDir Path dir;

  @Test
  void the_man_page_has_a_section_and_every_option_of_each_subcommand() throws Exception {
    ReleaseDocs.main(new String[] {dir.toString(), "2026-11-24"});

    String man = Files.readString(dir.resolve("backup.1"));
    assertTrue(man.startsWith(".\\\" Generated"), man);
    assertTrue(man.contains(".TH BACKUP 1 \"2026-11-24\""), man);
    for (String name : ReleaseDocs.SUBCOMMANDS.keySet()) {
      assertTrue(man.contains(".SS \"backup " + ReleaseDocs.roff(name) + "\""), name);
    }
    for (String option :
        List.of(
            "no\\-durability",
            "sidecar\\-version\\fR=\\fI2|3",
            "tag\\fR=\\fITAG",
            "keep\\fR=\\fIN",
            "max\\-age",
            "target\\fR=\\fIPATH")) {
      assertTrue(man.contains(".TP\n\\fB\\-\\-" + option), option);
    }
    assertTrue(man.contains(".TP\n80\nE_MUTATION_FAILED\n"), man);
  }

  @Test
  void the_completion_script_offers_every_subcommand() throws Exception {
    ReleaseDocs.main(new String[] {dir.toString(), "2026-11-24"});

    String bash = Files.readString(dir.resolve("backup.bash"));
    String commands =
        bash.lines().filter(l -> l.contains("local commands=")).findFirst().orElseThrow();
    for (String name : ReleaseDocs.SUBCOMMANDS.keySet()) {
      assertTrue(commands.contains(name), commands);
    }
    assertEquals(bash, Files.readString(dir.resolve("backup.zsh")));
  }

  @Test
  void help_lists_exactly_the_subcommands_the_docs_cover() {
    assertEquals(
        List.copyOf(ReleaseDocs.SUBCOMMANDS.keySet()),
        ReleaseDocs.commandsIn(CliHarness.run("--help").out()));
  }

  @Test
  void roff_defuses_control_lines_and_escapes_backslashes_and_hyphens() {
    assertEquals(
        "\\&.hidden \\e \\-\\-x\n\\&'quoted' \\-", ReleaseDocs.roff(".hidden \\ --x\n'quoted' -"));
    assertEquals("it's \\-n", ReleaseDocs.roff("it's -n"));
  }

  @Test
  void groff_renders_the_man_page_without_a_warning() throws Exception {
    assumeTrue(CliHarness.commandExists("groff"), "groff is not installed");
    ReleaseDocs.main(new String[] {dir.toString(), "2026-11-24"});

    Process groff =
        new ProcessBuilder(
                "groff", "-man", "-Tutf8", "-ww", "-z", dir.resolve("backup.1").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(groff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(groff.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, groff.exitValue(), out);
    assertEquals("", out);
  }
}
