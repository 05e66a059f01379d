package io.backupsidecar.app.cli;

import java.util.concurrent.Callable;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs a wait for a child process with SIGINT ignored by this JVM. Ctrl-C reaches the whole
 * foreground process group, the command as well as this JVM; as shells and sudo do, the
 * parent lets the command decide, so that a command that dies of it is a failed mutation that
 * is rolled back, rather than a JVM that exits mid-mutation and rolls nothing back.
 *
 * <p>The JDK has no public signal API; {@code sun.misc.Signal} is the critical internal API
 * that JEP 260 keeps in {@code jdk.unsupported} for exactly this. It is used here only.
 */
final class Interrupts {
  private Interrupts() {}

  static <T> T ignoredDuring(Callable<T> wait) throws Exception {
    Signal interrupt = new Signal("INT");
    SignalHandler previous = Signal.handle(interrupt, signal -> { });
    try {
      return wait.call();
    } finally {
      Signal.handle(interrupt, previous);
    }
  }
}
