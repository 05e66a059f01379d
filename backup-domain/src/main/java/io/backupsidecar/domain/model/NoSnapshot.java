package io.backupsidecar.domain.model;

import java.nio.file.Path;

/** The one wording of {@link ErrorId#E_BACKUP_MISSING}: there is no complete snapshot as chosen. */
public final class NoSnapshot {
  private NoSnapshot() {}

  /**
   * No complete snapshot of {@code target} with {@code tag} is the one chosen.
   *
   * @param chosen how it was chosen: a {@link Selection}, or words such as {@code "whose stamp is
   *     or starts with 99"}
   * @param note said after the tag, e.g. what was passed over and why; empty for nothing
   */
  public static BackupException of(Path target, Tag tag, Object chosen, String note) {
    return new BackupException(
        ErrorId.E_BACKUP_MISSING,
        target,
        String.format(
            "no complete snapshot (%s) of %s with tag '%s'%s; run 'backup list --tag %s %s' to "
                + "see what exists",
            chosen, target, tag, note, tag, target));
  }
}
