package io.backupsidecar.domain.model;

import java.util.Optional;

/**
 * What a fact says happened: its {@code outcome} field. The one list of outcomes; the facts JSON
 * Schema in {@code backup-facts} lists the same wire names.
 *
 * <p>A dry run reports the outcome the real run would have ({@link #RESTORED}, {@link #CREATED},
 * {@link #PRUNED}) with {@code dry_run} true, so its facts match the real run's after redaction.
 */
public enum FactOutcome implements WireNamed {
  /** {@code snapshot.result}: a snapshot was taken. */
  CREATED("created"),
  /** {@code restore.result}: the target was restored from a snapshot. */
  RESTORED("restored"),
  /** {@code restore.result}: the target already was the snapshot's state; nothing written. */
  ALREADY_IN_PLACE("already_in_place"),
  /** {@code restore.result}: a best-effort restore found no complete snapshot. */
  NOTHING_TO_RESTORE("nothing_to_restore"),
  /** {@code prune.result}: the target's snapshots were pruned (possibly none). */
  PRUNED("pruned"),
  /** {@code verify.result}: the snapshot is sound. */
  SOUND("sound"),
  /**
   * {@code verify.result}: a sidecar whose payload switchyard's restore consumed: not damage, and
   * nothing to check beyond the sidecar.
   */
  CONSUMED("consumed"),
  /** {@code verify.result}: the snapshot is damaged or incomplete; problems are listed. */
  DAMAGED("damaged"),
  /** {@code apply.result}: the guarded mutation succeeded; its snapshot is kept. */
  COMMITTED("committed"),
  /** {@code apply.result}: the guarded mutation failed and the target was restored. */
  ROLLED_BACK("rolled_back"),
  /** {@code apply.result}: the guarded mutation failed and the target was not restored. */
  ROLLBACK_FAILED("rollback_failed"),
  /** Any event: the operation failed; the fact carries {@code error_id} and {@code exit_code}. */
  FAILED("failed");

  private final String wireName;

  FactOutcome(String wireName) {
    this.wireName = wireName;
  }

  /** The value of the fact's {@code outcome} field. */
  public String wireName() {
    return wireName;
  }

  /** The outcome with this wire name, or empty for an unknown one. */
  public static Optional<FactOutcome> fromWireName(String name) {
    return WireNamed.lookup(FactOutcome.class, name);
  }
}
