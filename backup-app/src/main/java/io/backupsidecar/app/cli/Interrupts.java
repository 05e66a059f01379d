package io.backupsidecar.app.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs a guarded command so that a signal ends in a roll-back, never in this JVM exiting
 * mid-mutation. SIGINT (Ctrl-C) reaches the whole foreground process group, the command as well as
 * this JVM: as shells and sudo do, it is ignored here and the command decides. SIGTERM and SIGHUP
 * (a service manager stopping the tool, a closed terminal) reach this JVM alone: as sudo does, they
 * are relayed to the command. Either way a command that dies of the signal is a failed mutation,
 * and every target is rolled back.
 *
 * <p>The JDK has no public signal API; {@code sun.misc.Signal} is the critical internal API that
 * JEP 260 keeps in {@code jdk.unsupported} for exactly this. It is used here only. javac warns at
 * each use and no {@code @SuppressWarnings} key silences that warning, so backup-app's pom compiles
 * this class alone without {@code -Werror}: keep it free of other code.
 */
final class Interrupts {
  private Interrupts() {}

  /** The process could not be started (not found, not executable): its cause says why. */
  static final class NotStarted extends Exception {
    private static final long serialVersionUID = 1L;

    NotStarted(java.io.IOException cause) {
      super(cause);
    }

    @Override
    public synchronized java.io.IOException getCause() {
      return (java.io.IOException) super.getCause();
    }
  }

  /** Starts a process and waits for it. */
  @FunctionalInterface
  interface Waiter {
    int waitFor(Process process) throws Exception;
  }

  /**
   * Starts {@code builder}'s process with the handlers installed first (the command may be
   * signalled at once) and waits for it with {@code waiter}; restores the handlers after.
   */
  static int run(ProcessBuilder builder, Waiter waiter) throws Exception {
    AtomicReference<Process> child = new AtomicReference<>();
    AtomicBoolean stopAsked = new AtomicBoolean();
    SignalHandler relay =
        signal -> {
          stopAsked.set(true);
          Process p = child.get();
          if (p != null) {
            p.destroy();
          }
        };
    Signal interrupt = new Signal("INT");
    Signal terminate = new Signal("TERM");
    Signal hangUp = new Signal("HUP");
    SignalHandler previousInterrupt = Signal.handle(interrupt, signal -> {});
    SignalHandler previousTerminate = Signal.handle(terminate, relay);
    SignalHandler previousHangUp = Signal.handle(hangUp, relay);
    try {
      Process process;
      try {
        process = builder.start();
      } catch (java.io.IOException e) {
        throw new NotStarted(e);
      }
      child.set(process);
      if (stopAsked.get()) {
        process.destroy();
      }
      return waiter.waitFor(process);
    } finally {
      Signal.handle(interrupt, previousInterrupt);
      Signal.handle(terminate, previousTerminate);
      Signal.handle(hangUp, previousHangUp);
    }
  }
}
