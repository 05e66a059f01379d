package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.model.FactField;
import io.backupsidecar.domain.model.FactOutcome;

/** The one shape of a failure fact: every service reports a failure the same way. */
final class Failures {
  private Failures() {}

  static Fact fact(FactEvent event, String path, String tag, BackupException e, boolean dryRun) {
    return Fact.builder(event, dryRun)
        .put(FactField.PATH, path)
        .put(FactField.TAG, tag)
        .put(FactField.OUTCOME, FactOutcome.FAILED.wireName())
        .put(FactField.ERROR_ID, e.id().name())
        .put(FactField.EXIT_CODE, e.exitCode())
        .put(FactField.MESSAGE, e.getMessage())
        .build();
  }
}
