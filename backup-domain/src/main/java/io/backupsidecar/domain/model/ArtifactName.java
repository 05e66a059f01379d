package io.backupsidecar.domain.model;

import java.util.Objects;

/** A parsed artifact file name: which snapshot it belongs to and what role it plays. */
public record ArtifactName(BackupName name, ArtifactRole role) {
  /** Checks both parts are present. */
  public ArtifactName {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
  }

  /** The file name this artifact has on disk. */
  public String fileName() {
    return name.fileName(role);
  }
}
