package io.backupsidecar.domain.model;

/**
 * How a restore runs (a dry run is asked of the {@code Backup} itself, with {@code dryRun()}).
 *
 * @param bestEffort with no complete snapshot, report a no-op instead of failing
 */
public record RestoreOptions(boolean bestEffort) {
  /** A strict restore: no snapshot to restore is an error. */
  public static RestoreOptions defaults() {
    return new RestoreOptions(false);
  }
}
