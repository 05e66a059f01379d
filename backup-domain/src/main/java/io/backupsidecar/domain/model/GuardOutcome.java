package io.backupsidecar.domain.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a guarded mutation came to: committed, or rolled back after the mutation failed. */
public sealed interface GuardOutcome permits GuardOutcome.Committed, GuardOutcome.RolledBack {

  /** The snapshots taken before the mutation, in target order. */
  List<Snapshot> snapshots();

  /**
   * The mutation succeeded; its snapshots stay as history.
   *
   * @param snapshots the snapshots taken before it
   */
  record Committed(List<Snapshot> snapshots) implements GuardOutcome {
    /** Copies the list. */
    public Committed {
      snapshots = List.copyOf(snapshots);
    }
  }

  /**
   * The mutation failed; every snapshot was restored, in reverse order, as far as possible.
   *
   * @param snapshots the snapshots taken before it
   * @param failure what the mutation threw
   * @param restored targets put back to their prior state
   * @param notRestored targets that could not be put back, with the reason
   */
  record RolledBack(
      List<Snapshot> snapshots,
      Throwable failure,
      List<Path> restored,
      Map<Path, BackupException> notRestored)
      implements GuardOutcome {
    /** Copies the collections. */
    public RolledBack {
      snapshots = List.copyOf(snapshots);
      Objects.requireNonNull(failure, "failure");
      restored = List.copyOf(restored);
      notRestored = Map.copyOf(notRestored);
    }

    /** Whether every target is back to its prior state. */
    public boolean fullyRolledBack() {
      return notRestored.isEmpty();
    }

    /**
     * This outcome as the exception a host may prefer: {@link ErrorId#E_MUTATION_FAILED} with the
     * mutation's failure as cause, naming what was and was not rolled back.
     */
    public BackupException toException() {
      StringBuilder message =
          new StringBuilder("the mutation failed (")
              .append(
                  failure.getMessage() == null
                      ? failure.getClass().getSimpleName()
                      : failure.getMessage())
              .append("); rolled back: ")
              .append(restored);
      if (!notRestored.isEmpty()) {
        message.append("; NOT rolled back: ");
        notRestored.forEach(
            (path, e) -> message.append(path).append(" (").append(e.getMessage()).append(") "));
      }
      Path first = snapshots.isEmpty() ? null : snapshots.get(0).target();
      return new BackupException(
          ErrorId.E_MUTATION_FAILED, first, message.toString().trim(), failure);
    }
  }
}
