package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.BackupName;
import io.backupsidecar.domain.model.ErrorId;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/**
 * Claims a free name by trying stamps one after another: creation is exclusive, so a name another
 * thread or process holds fails with {@link FileAlreadyExistsException} and the next millisecond is
 * tried. Shared by snapshot (payload names) and restore (staging names).
 */
final class StampAllocator {
  private StampAllocator() {}

  /** One try at a name; throws {@link FileAlreadyExistsException} when it is taken. */
  @FunctionalInterface
  interface Attempt<T> {
    T claim(BackupName name) throws IOException;
  }

  /** The name claimed and what the attempt that claimed it returned. */
  record Claimed<T>(BackupName name, T value) {}

  /**
   * Tries {@code first}, then each following stamp, until an attempt succeeds.
   *
   * @param maxBumps how many stamps past the first are tried
   * @return the name claimed and what its attempt returned
   * @throws FileAlreadyExistsException when every stamp tried was taken
   * @throws BackupException {@link ErrorId#E_POLICY} when a bumped name is no longer valid
   */
  static <T> Claimed<T> claim(Path target, BackupName first, int maxBumps, Attempt<T> attempt)
      throws IOException, BackupException {
    BackupName name = first;
    for (int bump = 0; ; bump++) {
      try {
        return new Claimed<>(name, attempt.claim(name));
      } catch (FileAlreadyExistsException e) {
        if (bump >= maxBumps) {
          throw new FileAlreadyExistsException(
              target.toString(),
              null,
              String.format("no free backup name after %d tries", maxBumps));
        }
        name = next(target, name);
      }
    }
  }

  /** The same name one millisecond later. */
  static BackupName next(Path target, BackupName name) throws BackupException {
    return at(target, name, name.stamp() + 1);
  }

  /**
   * The same target and tag at another stamp (the tag was checked when the first name was made:
   * writable for a snapshot, any for a restore's staging file).
   */
  static BackupName at(Path target, BackupName name, long stamp) throws BackupException {
    try {
      return BackupName.ofAnyTag(name.targetName(), name.tag(), stamp);
    } catch (BackupException e) {
      throw new BackupException(ErrorId.E_POLICY, target, e.getMessage(), e);
    }
  }
}
