package io.backupsidecar.app.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.AutoComplete;

/** The one list of subcommands: the command line, its completion and the man page use it. */
final class Subcommands {
  private Subcommands() {}

  /**
   * The subcommands in help order. Each is registered only when needed: picocli builds a command's
   * model by reflection, and building all eight cost about a third of a {@code list} run's
   * start-up.
   */
  private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

  static final String COMPLETION = "generate-completion";

  static {
    // lambdas, not constructor references: a command's class is loaded only when it is run
    SUBCOMMANDS.put("snapshot", () -> new SnapshotCommand());
    SUBCOMMANDS.put("list", () -> new ListCommand());
    SUBCOMMANDS.put("show", () -> new ShowCommand());
    SUBCOMMANDS.put("cat", () -> new CatCommand());
    SUBCOMMANDS.put("diff", () -> new DiffCommand());
    SUBCOMMANDS.put("restore", () -> new RestoreCommand());
    SUBCOMMANDS.put("verify", () -> new VerifyCommand());
    SUBCOMMANDS.put("prune", () -> new PruneCommand());
    SUBCOMMANDS.put("exec", () -> new ExecCommand());

    SUBCOMMANDS.put(COMPLETION, () -> new AutoComplete.GenerateCompletion());
  }

  /**
   * Every subcommand, by name in help order, each made fresh by its supplier: the one list the
   * command line, its completion script and the release's man page are built from.
   */
  static final Map<String, Supplier<Object>> ALL = Collections.unmodifiableMap(SUBCOMMANDS);
}
