package io.backupsidecar.archfixture.app.cli;

/** Fixture (violation): a command writing to System.err instead of its PrintWriter. */
public final class PrintsDirectly {
  void warn(String line) {
    System.err.println(line);
  }
}
