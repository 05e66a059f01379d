package io.backupsidecar.app.cli;

import static io.backupsidecar.app.cli.CliHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.app.cli.CliHarness.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command has {@code --help}; a bad command line is {@code E_USAGE}, exit 2. */
class CliUsageTest {
  @ParameterizedTest
  @ValueSource(
      strings = {"snapshot", "list", "show", "cat", "diff", "restore", "verify", "prune", "exec"})
  void help_of_each_command_exits_0_and_prints_its_usage(String command) {
    Result r = run(command, "--help");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("Usage: backup " + command), r::toString);
    assertTrue(r.out().contains("--tag"), r::toString);
    assertTrue(r.out().contains("--facts"), r::toString);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"snapshot", "list", "show", "cat", "diff", "restore", "verify", "prune", "exec"})
  void an_unknown_option_exits_2_with_e_usage(String command) {
    Result r =
        command.equals("exec")
            ? run(command, "--target", "/tmp/x", "--no-such-option", "--", "true")
            : run(command, "--no-such-option", "/tmp/x");

    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().contains("error E_USAGE:"), r::toString);
    assertTrue(r.err().contains("--no-such-option"), r::toString);
  }

  @org.junit.jupiter.api.Test
  void top_level_help_exits_0_and_lists_the_exit_codes() {
    Result r = run("--help");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().contains("80 E_MUTATION_FAILED"), r::toString);
  }

  @org.junit.jupiter.api.Test
  void no_command_is_a_usage_error() {
    Result r = run();

    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().contains("error E_USAGE:"), r::toString);
  }
}
