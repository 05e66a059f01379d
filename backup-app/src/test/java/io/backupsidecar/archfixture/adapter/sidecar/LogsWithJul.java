package io.backupsidecar.archfixture.adapter.sidecar;

import java.util.logging.Logger;

/** Fixture (violation): java.util.logging, the usual static Logger field. */
public final class LogsWithJul {
  private static final Logger LOG = Logger.getLogger(LogsWithJul.class.getName());

  void log() {
    LOG.info("hello");
  }
}
