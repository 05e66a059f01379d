package io.backupsidecar.domain.model;

/** The events the services emit (DESIGN §9). */
public enum FactEvent {
  /** One target was snapshotted (or failed to be). */
  SNAPSHOT_RESULT("snapshot.result"),
  /** One target was restored, found already in place, planned (dry run), or failed. */
  RESTORE_RESULT("restore.result"),
  /** One target's snapshots were pruned. */
  PRUNE_RESULT("prune.result"),
  /** One snapshot was verified. */
  VERIFY_RESULT("verify.result"),
  /** A guarded mutation committed or was rolled back. */
  APPLY_RESULT("apply.result");

  private final String wireName;

  FactEvent(String wireName) {
    this.wireName = wireName;
  }

  /** The value of the envelope's {@code event} field. */
  public String wireName() {
    return wireName;
  }
}
