package io.backupsidecar.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The commit record of a snapshot ({@code backup_meta}): what the prior state was and, from v3 on,
 * where the snapshot came from. A field a version does not define is {@code null}.
 *
 * @param schema the schema version this sidecar is written in
 * @param prior the prior state
 * @param provenance when, with which tag, of which name and by which tool (v3 only; else {@code
 *     null})
 */
public record Sidecar(SchemaVersion schema, Prior prior, Provenance provenance) {
  /**
   * The most bytes a sidecar may have, for every reader (the catalog, the codec, {@code show}): a
   * real one is a few hundred bytes, but a v3 sidecar lists the extended attributes kept, and Linux
   * allows 64 KiB of attribute names alone; a file larger than this is not a sidecar of ours.
   */
  public static final int MAX_BYTES = 1 << 20;

  /** Checks that only the fields the version defines are present. */
  public Sidecar {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(prior, "prior");
    if (schema != SchemaVersion.V3 && provenance != null) {
      throw new IllegalArgumentException(
          String.format("provenance is not part of %s", schema.wireName()));
    }
    if (schema == SchemaVersion.V3 && provenance == null) {
      throw new IllegalArgumentException("backup_meta.v3 requires provenance");
    }
    // A payload_hash in a v1 sidecar is kept: switchyard's reader takes it whatever the
    // schema says, and restores refuse a payload that does not match it.
    if (prior instanceof PriorFile file) {
      if (schema != SchemaVersion.V3 && file.hasV3Details()) {
        throw new IllegalArgumentException(
            String.format(
                "size, uid, gid, mtime, xattrs and metadata_hash are not part of %s",
                schema.wireName()));
      }
    }
  }

  /** The kind of the prior state. */
  public PriorKind priorKind() {
    return prior.kind();
  }

  /**
   * This sidecar as a writer of the given version writes it, the fields that version lacks dropped.
   * v3 is ours. v2 is written exactly as switchyard writes: {@code backup_meta.v2} only for a file
   * with a payload hash, {@code backup_meta.v1} for a symlink, for nothing, and for a file without
   * a hash. v1 is the oldest shape: no hash.
   */
  public Sidecar withVersion(SchemaVersion version) {
    Prior p = prior;
    if (p instanceof PriorFile f && version != SchemaVersion.V3) {
      p =
          new PriorFile(
              f.mode(),
              version == SchemaVersion.V1 ? null : f.payloadHash(),
              null,
              null,
              null,
              null);
    }
    SchemaVersion written = version;
    if (version == SchemaVersion.V2 && !(p instanceof PriorFile f && f.payloadHash() != null)) {
      written = SchemaVersion.V1;
    }
    return new Sidecar(written, p, written == SchemaVersion.V3 ? provenance : null);
  }

  /** The prior state a sidecar records. */
  public sealed interface Prior permits PriorFile, PriorSymlink, PriorNone {
    /** The kind written in {@code prior_kind}. */
    PriorKind kind();
  }

  /**
   * A regular file was there.
   *
   * @param mode the full st_mode ({@code mode})
   * @param payloadHash SHA-256 of the payload ({@code payload_hash}); null in v1, or when a writer
   *     did not hash
   * @param size prior size in bytes (v3), or null
   * @param uid prior owner (v3), or null when unknown
   * @param gid prior group (v3), or null when unknown
   * @param mtime prior modification time (v3), or null when unknown
   * @param xattrs the names of the extended attributes kept on the payload (v3; empty when none)
   * @param metadataHash SHA-256 of the metadata set ({@code metadata_hash}, v3): mode, owner,
   *     group, mtime and every kept extended attribute's name and value, so that tampered metadata
   *     is detected like tampered bytes; null when not recorded
   */
  public record PriorFile(
      FileMode mode,
      ContentHash payloadHash,
      Long size,
      Integer uid,
      Integer gid,
      Instant mtime,
      List<String> xattrs,
      ContentHash metadataHash)
      implements Prior {
    /** Checks the mode is present and copies the names. */
    public PriorFile {
      Objects.requireNonNull(mode, "mode");
      if (size != null && size < 0) {
        throw new IllegalArgumentException(String.format("size (%d) must not be negative", size));
      }
      xattrs = xattrs == null ? List.of() : List.copyOf(xattrs);
    }

    /** A prior file without a record of its extended attributes. */
    public PriorFile(
        FileMode mode,
        ContentHash payloadHash,
        Long size,
        Integer uid,
        Integer gid,
        Instant mtime) {
      this(mode, payloadHash, size, uid, gid, mtime, List.of(), null);
    }

    @Override
    public PriorKind kind() {
      return PriorKind.FILE;
    }

    boolean hasV3Details() {
      return size != null
          || uid != null
          || gid != null
          || mtime != null
          || !xattrs.isEmpty()
          || metadataHash != null;
    }
  }

  /**
   * A symlink was there.
   *
   * @param destination its raw destination ({@code prior_dest})
   */
  public record PriorSymlink(String destination) implements Prior {
    /** Checks the destination is present and non-empty. */
    public PriorSymlink {
      Objects.requireNonNull(destination, "destination");
      if (destination.isEmpty() || destination.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(
            String.format("prior_dest (%s) is not a valid link destination", destination));
      }
    }

    @Override
    public PriorKind kind() {
      return PriorKind.SYMLINK;
    }
  }

  /** Nothing was there. */
  public record PriorNone() implements Prior {
    @Override
    public PriorKind kind() {
      return PriorKind.NONE;
    }
  }

  /**
   * Where a v3 snapshot came from.
   *
   * @param createdAt when the snapshot was taken ({@code created_at})
   * @param tag its tag ({@code tag})
   * @param targetName the target's file name ({@code target_name})
   * @param tool name/version of the writer ({@code tool})
   * @param origin why it was taken ({@code origin}); a restore's capture of the state it replaced
   *     is never chosen as "latest" or "previous", so restoring twice is a no-op
   */
  public record Provenance(
      Instant createdAt, Tag tag, String targetName, String tool, Origin origin) {
    /** Checks all parts are present. */
    public Provenance {
      Objects.requireNonNull(createdAt, "createdAt");
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(targetName, "targetName");
      Objects.requireNonNull(tool, "tool");
      Objects.requireNonNull(origin, "origin");
    }

    /** Provenance of an ordinary snapshot. */
    public Provenance(Instant createdAt, Tag tag, String targetName, String tool) {
      this(createdAt, tag, targetName, tool, Origin.SNAPSHOT);
    }
  }

  /** Why a snapshot was taken ({@code origin}). */
  public enum Origin implements WireNamed {
    /** Asked for by a host or operator, or taken by a guarded mutation. */
    SNAPSHOT("snapshot"),
    /** Taken by a restore of the state it was about to replace (undo with {@code --at}). */
    RESTORE_CAPTURE("restore_capture");

    private final String wireName;

    Origin(String wireName) {
      this.wireName = wireName;
    }

    /** The value of the sidecar's {@code origin} field. */
    public String wireName() {
      return wireName;
    }

    /** The origin with this wire name, or empty. */
    public static java.util.Optional<Origin> fromWireName(String name) {
      return WireNamed.lookup(Origin.class, name);
    }
  }

  /** Whether a restore captured this snapshot (v3 only; older versions never are). */
  public boolean isRestoreCapture() {
    return provenance != null && provenance.origin() == Origin.RESTORE_CAPTURE;
  }
}
