package io.backupsidecar.archfixture.app.cli;

import java.io.PrintWriter;

/** Fixture: the one class allowed to wrap System.out. */
public final class Main {
  static PrintWriter out() {
    return new PrintWriter(System.out, true);
  }
}
