package io.backupsidecar.domain.model;

import java.util.List;

/** What an artifact file beside a target is, told by its suffix (see {@link BackupName}). */
public enum ArtifactRole {
  /** The prior state: a copy, a symlink, or an empty tombstone. */
  PAYLOAD(".bak"),
  /** The commit record of a snapshot; a payload without one is incomplete. */
  SIDECAR(".bak.meta.json"),
  /** A sidecar being written; left only by a crash, removed by prune. */
  SIDECAR_TEMP(".bak.meta.json.tmp"),
  /** A file being staged by a restore; left only by a crash, removed by prune. */
  RESTORE_TEMP(".restore.tmp");

  static final List<ArtifactRole> LONGEST_SUFFIX_FIRST =
      List.of(SIDECAR_TEMP, SIDECAR, RESTORE_TEMP, PAYLOAD);

  private final String suffix;

  ArtifactRole(String suffix) {
    this.suffix = suffix;
  }

  /** The file-name suffix that marks this role. */
  public String suffix() {
    return suffix;
  }

  /** Whether this artifact is a leftover of an interrupted operation. */
  public boolean isTemporary() {
    return this == SIDECAR_TEMP || this == RESTORE_TEMP;
  }
}
