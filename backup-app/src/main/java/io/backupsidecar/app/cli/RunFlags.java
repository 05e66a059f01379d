package io.backupsidecar.app.cli;

/**
 * What a failure's report needs to know of the command line before (or without) picocli parsing it:
 * a failure to parse must still be reported as JSON under {@code --json}.
 *
 * @param json {@code --json} was given
 * @param factsOnStdout {@code --facts -} was given: JSON goes to stderr then, as all output does
 * @param debug {@code --debug} was given, or {@code BACKUP_DEBUG=1} is set: show stack traces
 * @param tag the {@code --tag} given (default {@code backup}), for hints naming a command
 */
record RunFlags(boolean json, boolean factsOnStdout, boolean debug, String tag) {

  /** Scans the options before {@code --} (what follows is exec's command, not ours). */
  static RunFlags of(String[] args, boolean debugFromEnvironment) {
    boolean json = false;
    boolean factsOnStdout = false;
    boolean debug = debugFromEnvironment;
    String tag = "backup";
    for (int i = 0; i < args.length && !args[i].equals("--"); i++) {
      String a = args[i];
      json |= a.equals("--json");
      debug |= a.equals("--debug");
      if (a.equals("--tag") && i + 1 < args.length) {
        tag = args[i + 1];
      } else if (a.startsWith("--tag=")) {
        tag = a.substring("--tag=".length());
      }
      factsOnStdout |=
          a.equals("--facts=-")
              || a.equals("--facts") && i + 1 < args.length && args[i + 1].equals("-");
    }
    return new RunFlags(json, factsOnStdout, debug, tag);
  }
}
