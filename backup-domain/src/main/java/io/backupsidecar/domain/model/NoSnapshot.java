package io.backupsidecar.domain.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one wording of {@link ErrorId#E_BACKUP_MISSING}: there is no complete snapshot as chosen. It
 * carries {@link Remedy#LIST_SNAPSHOTS}; a command line turns that into its own advice.
 */
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
    return of(target, tag, chosen, note, List.of());
  }

  /** As {@link #of(Path, Tag, Object, String)}, with remedies that come before listing. */
  public static BackupException of(
      Path target, Tag tag, Object chosen, String note, List<Remedy> remedies) {
    List<Remedy> all = new ArrayList<>(remedies);
    all.add(Remedy.LIST_SNAPSHOTS);
    return new BackupException(
        ErrorId.E_BACKUP_MISSING,
        target,
        String.format("no complete snapshot (%s) of %s with tag '%s'%s", chosen, target, tag, note),
        null,
        all);
  }
}
