package io.backupsidecar.archfixture.adapter.sidecar;

import java.util.logging.Logger;

/** Fixture (violation): java.util.logging without a Logger field. */
public final class LogsWithJulInline {
  void log() {
    Logger.getLogger("x").info("hello");
  }
}
