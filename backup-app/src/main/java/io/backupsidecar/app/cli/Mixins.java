package io.backupsidecar.app.cli;

import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options and parameters several commands take, declared once (picocli mixins). */
final class Mixins {
  private Mixins() {}

  /** {@code --json}: one JSON object on stdout (see output.schema.json). */
  static final class JsonFlag {
    @Option(names = "--json", description = "Print one JSON object (errors too).")
    boolean json;
  }

  /**
   * {@code --trust-foreign-sidecars}: the commands that judge sidecars (restore, cat, diff, show,
   * verify) take it alike.
   */
  static final class TrustForeignFlag {
    @Option(
        names = "--trust-foreign-sidecars",
        description =
            "Trust sidecars owned by another user (not root, not you) or writable by "
                + "group or others.")
    boolean trustForeign;
  }

  /**
   * {@code --no-require-integrity}: the commands that use a payload's bytes (restore, cat, diff)
   * take it alike.
   */
  static final class NoIntegrityFlag {
    @Option(
        names = "--no-require-integrity",
        description =
            "Use the payload even if its sidecar records no hash or the bytes do not match it.")
    boolean relaxed;
  }

  /** {@code --dry-run}: say what would happen, change nothing. */
  static final class DryRunFlag {
    @Option(names = "--dry-run", description = "Say what would happen; change nothing.")
    boolean dryRun;
  }

  /** One target. */
  static final class TargetParameter {
    @Parameters(
        index = "0",
        paramLabel = "PATH",
        description = "The target: a file, a symlink, or an absent path.")
    String path;
  }

  /** One or more targets. */
  static final class TargetsParameter {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Targets.")
    List<String> paths;
  }
}
