package io.backupsidecar.domain.model;

/**
 * What a caller can do about a failure, machine-readable: the domain names the remedy, each host
 * says it in its own terms (the command line names its flags, an embedding host its settings). The
 * message of the failure never names a host's option.
 */
public enum Remedy {
  /** Restore another snapshot, chosen by its stamp ({@link Selection#at}). */
  CHOOSE_ANOTHER_SNAPSHOT,
  /** Restore a file whose sidecar has no hash: relax {@link Policy#requireSidecarIntegrity()}. */
  ALLOW_UNHASHED,
  /** Trust sidecars owned by others: {@link Policy#trustForeignSidecars()}. */
  TRUST_FOREIGN_SIDECARS,
  /** Restore without capturing the replaced state: {@link Policy#captureRestoreSnapshot()}. */
  SKIP_CAPTURE,
  /** Look at the snapshots that exist, to choose one. */
  LIST_SNAPSHOTS
}
