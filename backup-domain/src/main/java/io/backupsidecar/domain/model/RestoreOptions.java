package io.backupsidecar.domain.model;

/**
 * How a restore runs.
 *
 * @param dryRun plan and report, touch nothing (the payload is still read and checked)
 * @param bestEffort with no complete snapshot, report a no-op instead of failing
 */
public record RestoreOptions(boolean dryRun, boolean bestEffort) {
  /** A real, strict restore. */
  public static RestoreOptions defaults() {
    return new RestoreOptions(false, false);
  }
}
