package io.backupsidecar.domain.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The knobs a host or operator sets (DESIGN §3–§6). Build with {@link #builder()}; the defaults are
 * the safe choices.
 *
 * @param tag {@code backup_tag}: names the family of snapshots (default {@code backup})
 * @param requireBackupDurability {@code require_backup_durability}: flush everything and fail a
 *     snapshot whose flush fails (default true); false skips flushes
 * @param requireSidecarIntegrity {@code require_sidecar_integrity}: a restore refuses a payload
 *     whose hash does not match (default true)
 * @param captureRestoreSnapshot {@code capture_restore_snapshot}: snapshot the current state before
 *     a restore changes it (default true)
 * @param trustForeignSidecars restore from a sidecar that another user could have written (default
 *     false: refused)
 * @param sidecarVersion the schema version new sidecars are written in (default v3)
 * @param retentionCountLimit {@code retention_count_limit}: keep at most this many complete
 *     snapshots (at least 1), or null for no count limit
 * @param retentionAgeLimit {@code retention_age_limit}: drop snapshots older than this, or null for
 *     no age limit
 * @param staleTempGrace leftovers of interrupted operations younger than this are not removed by
 *     prune, so an operation in progress is not harmed (default 10 minutes)
 */
public record Policy(
    Tag tag,
    boolean requireBackupDurability,
    boolean requireSidecarIntegrity,
    boolean captureRestoreSnapshot,
    boolean trustForeignSidecars,
    SchemaVersion sidecarVersion,
    Integer retentionCountLimit,
    Duration retentionAgeLimit,
    Duration staleTempGrace) {

  /** Validates the knobs. */
  public Policy {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(sidecarVersion, "sidecarVersion");
    Objects.requireNonNull(staleTempGrace, "staleTempGrace");
    if (retentionCountLimit != null && retentionCountLimit < 1) {
      throw new IllegalArgumentException(
          String.format(
              "retention count limit (%d) must be at least 1: the newest snapshot is always kept",
              retentionCountLimit));
    }
    if (retentionAgeLimit != null
        && (retentionAgeLimit.isNegative() || retentionAgeLimit.isZero())) {
      throw new IllegalArgumentException(
          String.format("retention age limit (%s) must be positive", retentionAgeLimit));
    }
    if (staleTempGrace.isNegative()) {
      throw new IllegalArgumentException(
          String.format("stale temp grace (%s) must not be negative", staleTempGrace));
    }
  }

  /** The defaults: tag {@code backup}, everything safe on, v3 sidecars, no retention. */
  public static Policy defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this policy. */
  public Builder toBuilder() {
    return new Builder()
        .tag(tag)
        .requireBackupDurability(requireBackupDurability)
        .requireSidecarIntegrity(requireSidecarIntegrity)
        .captureRestoreSnapshot(captureRestoreSnapshot)
        .trustForeignSidecars(trustForeignSidecars)
        .sidecarVersion(sidecarVersion)
        .retentionCountLimit(retentionCountLimit)
        .retentionAgeLimit(retentionAgeLimit)
        .staleTempGrace(staleTempGrace);
  }

  /** The count limit, if any. */
  public Optional<Integer> countLimit() {
    return Optional.ofNullable(retentionCountLimit);
  }

  /** The age limit, if any. */
  public Optional<Duration> ageLimit() {
    return Optional.ofNullable(retentionAgeLimit);
  }

  /** Builds a {@link Policy}; every setter returns this builder. */
  public static final class Builder {
    private Tag tag = Tag.DEFAULT;
    private boolean requireBackupDurability = true;
    private boolean requireSidecarIntegrity = true;
    private boolean captureRestoreSnapshot = true;
    private boolean trustForeignSidecars = false;
    private SchemaVersion sidecarVersion = SchemaVersion.V3;
    private Integer retentionCountLimit;
    private Duration retentionAgeLimit;
    private Duration staleTempGrace = Duration.ofMinutes(10);

    private Builder() {}

    /** Sets {@code backup_tag}. */
    public Builder tag(Tag value) {
      this.tag = value;
      return this;
    }

    /** Sets {@code require_backup_durability}. */
    public Builder requireBackupDurability(boolean value) {
      this.requireBackupDurability = value;
      return this;
    }

    /** Sets {@code require_sidecar_integrity}. */
    public Builder requireSidecarIntegrity(boolean value) {
      this.requireSidecarIntegrity = value;
      return this;
    }

    /** Sets {@code capture_restore_snapshot}. */
    public Builder captureRestoreSnapshot(boolean value) {
      this.captureRestoreSnapshot = value;
      return this;
    }

    /** Sets whether sidecars other users could have written are trusted. */
    public Builder trustForeignSidecars(boolean value) {
      this.trustForeignSidecars = value;
      return this;
    }

    /** Sets the schema version of new sidecars. */
    public Builder sidecarVersion(SchemaVersion value) {
      this.sidecarVersion = value;
      return this;
    }

    /** Sets {@code retention_count_limit} (null for none). */
    public Builder retentionCountLimit(Integer value) {
      this.retentionCountLimit = value;
      return this;
    }

    /** Sets {@code retention_age_limit} (null for none). */
    public Builder retentionAgeLimit(Duration value) {
      this.retentionAgeLimit = value;
      return this;
    }

    /** Sets the grace period for leftovers of interrupted operations. */
    public Builder staleTempGrace(Duration value) {
      this.staleTempGrace = value;
      return this;
    }

    /** Builds and validates the policy. */
    public Policy build() {
      return new Policy(
          tag,
          requireBackupDurability,
          requireSidecarIntegrity,
          captureRestoreSnapshot,
          trustForeignSidecars,
          sidecarVersion,
          retentionCountLimit,
          retentionAgeLimit,
          staleTempGrace);
    }
  }
}
