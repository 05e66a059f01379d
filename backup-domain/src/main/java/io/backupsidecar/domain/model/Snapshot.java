package io.backupsidecar.domain.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A committed snapshot: its sidecar exists under its final name.
 *
 * @param target the target it is a snapshot of
 * @param name its backup name
 * @param sidecar what its sidecar records
 * @param durable whether every flush of its protocol happened ({@code backup_durable})
 * @param bytes payload bytes copied (0 for a symlink or tombstone)
 */
public record Snapshot(Path target, BackupName name, Sidecar sidecar, boolean durable, long bytes) {
  /** Checks the parts are present. */
  public Snapshot {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sidecar, "sidecar");
  }

  /** The payload's path, beside the target. */
  public Path payload() {
    return target.resolveSibling(name.payloadFileName());
  }

  /** The sidecar's path, beside the target. */
  public Path sidecarPath() {
    return target.resolveSibling(name.sidecarFileName());
  }
}
