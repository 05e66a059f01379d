package io.backupsidecar.domain.model;

/**
 * The fields a fact may carry, with their wire names and how dry-run redaction treats them. The one
 * list of fact fields; the facts JSON Schema in {@code backup-facts} matches it.
 */
public enum FactField {
  /** The target path. */
  PATH("path", Redaction.KEEP),
  /** The tag. */
  TAG("tag", Redaction.KEEP),
  /** What happened: the wire name of a {@link FactOutcome}. */
  OUTCOME("outcome", Redaction.KEEP),
  /** {@code file}, {@code symlink} or {@code none}. */
  PRIOR_KIND("prior_kind", Redaction.KEEP),
  /** What the target was before a restore: {@code file}, {@code symlink} or {@code none}. */
  BEFORE_KIND("before_kind", Redaction.KEEP),
  /** What the target is after a restore (or would be, in a dry run). */
  AFTER_KIND("after_kind", Redaction.KEEP),
  /** Whether a restore found the target already in the snapshot's state and did nothing. */
  IDEMPOTENT("idempotent", Redaction.KEEP),
  /**
   * Names this operation saw and did not act on, each with why: sidecars not trusted or not
   * readable, stamps that do not fit the stamp rule or lie beyond the clock's tolerance.
   */
  IGNORED("ignored", Redaction.KEEP),
  /** The payload's file name. */
  BACKUP("backup", Redaction.STAMP),
  /** The snapshot's stamp in epoch milliseconds. */
  STAMP("stamp", Redaction.STAMP),
  /** The payload's SHA-256. */
  PAYLOAD_HASH("payload_hash", Redaction.KEEP),
  /** The hash algorithm, {@code sha256}. */
  HASH_ALG("hash_alg", Redaction.KEEP),
  /** Whether every flush of the snapshot succeeded. */
  BACKUP_DURABLE("backup_durable", Redaction.KEEP),
  /** SHA-256 of the target before the operation (absent when it was not a file). */
  BEFORE_HASH("before_hash", Redaction.KEEP),
  /** SHA-256 of the target after the operation (absent when it is not a file). */
  AFTER_HASH("after_hash", Redaction.KEEP),
  /** Whether the payload's hash was checked against its sidecar. */
  SIDECAR_INTEGRITY_VERIFIED("sidecar_integrity_verified", Redaction.KEEP),
  /** The payload file name of the snapshot a restore captured first. */
  CAPTURED_BACKUP("captured_backup", Redaction.STAMP),
  /**
   * Extended attributes of the snapshot that a restore could not put back (for example {@code
   * security.capability} or {@code trusted.*} when not running as root).
   */
  METADATA_NOT_RESTORED("metadata_not_restored", Redaction.KEEP),
  /** How many snapshots prune removed. */
  PRUNED_COUNT("pruned_count", Redaction.KEEP),
  /** How many complete snapshots prune kept. */
  RETAINED_COUNT("retained_count", Redaction.KEEP),
  /** How many leftovers of interrupted operations prune removed. */
  REMOVED_LEFTOVERS("removed_leftovers", Redaction.KEEP),
  /** Problems verify found, one string each. */
  PROBLEMS("problems", Redaction.KEEP),
  /** Targets a guarded mutation rolled back. */
  ROLLED_BACK("rolled_back", Redaction.KEEP),
  /** Targets a guarded mutation could not roll back, with the reason. */
  ROLLBACK_FAILED("rollback_failed", Redaction.KEEP),
  /** The error id of a failure. */
  ERROR_ID("error_id", Redaction.KEEP),
  /** The exit code of a failure. */
  EXIT_CODE("exit_code", Redaction.KEEP),
  /** The message of a failure. */
  MESSAGE("message", Redaction.KEEP),
  /** Bytes copied. */
  BYTES("bytes", Redaction.KEEP),
  /** Milliseconds spent hashing. */
  HASH_MS("hash_ms", Redaction.DROP),
  /** Milliseconds spent copying (including the hashing done in the same pass). */
  COPY_MS("copy_ms", Redaction.DROP),
  /** Milliseconds spent flushing. */
  FSYNC_MS("fsync_ms", Redaction.DROP);

  private final String wireName;
  private final Redaction redaction;

  FactField(String wireName, Redaction redaction) {
    this.wireName = wireName;
    this.redaction = redaction;
  }

  /** The JSON field name. */
  public String wireName() {
    return wireName;
  }

  /** How dry-run redaction treats this field. */
  public Redaction redaction() {
    return redaction;
  }

  /** The field with this wire name, or null. */
  public static FactField fromWireName(String name) {
    for (FactField f : values()) {
      if (f.wireName.equals(name)) {
        return f;
      }
    }
    return null;
  }

  /** How a field is redacted to compare a dry run with a real run. */
  public enum Redaction {
    /** Compared as is. */
    KEEP,
    /** Holds a stamp (a number, or a backup name containing one): the stamp is zeroed. */
    STAMP,
    /** A duration: dropped. */
    DROP
  }
}
