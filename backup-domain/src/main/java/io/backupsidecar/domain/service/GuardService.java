package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.model.FactField;
import io.backupsidecar.domain.model.GuardOutcome;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Snapshot;
import io.backupsidecar.domain.port.ArtifactDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Guards a mutation (DESIGN §7): snapshot the targets, run the host's mutation, and on
 * failure restore every snapshot in reverse order. Emits {@code apply.result} per target.
 */
public final class GuardService {
  private final Ports ports;
  private final SnapshotService snapshots;
  private final RestoreService restores;

  /** Creates the service over the given ports. */
  public GuardService(Ports ports) {
    this.ports = ports;
    this.snapshots = new SnapshotService(ports);
    this.restores = new RestoreService(ports);
  }

  /** The host's change to the targets; any exception it throws means failure. */
  @FunctionalInterface
  public interface Mutation {
    /** Makes the change. */
    void run() throws Exception;
  }

  /**
   * Snapshots the targets, runs the mutation, and commits or rolls back.
   *
   * @return {@link GuardOutcome.Committed}, or {@link GuardOutcome.RolledBack} when the
   *     mutation threw (call {@link GuardOutcome.RolledBack#toException()} to raise it)
   * @throws BackupException when the snapshots could not be taken: the mutation was not run
   */
  public GuardOutcome apply(List<Path> targets, Policy policy, Mutation mutation)
      throws BackupException {
    List<Snapshot> taken = snapshots.snapshotAll(targets, policy, false);
    try {
      mutation.run();
    } catch (Exception | AssertionError failure) {
      return rollBack(taken, policy, failure);
    }
    for (Snapshot s : taken) {
      ports.facts().emit(withAfterHash(fact(s, "committed"), s).build());
    }
    return new GuardOutcome.Committed(taken);
  }

  private GuardOutcome rollBack(List<Snapshot> taken, Policy policy, Throwable failure) {
    // the state a failed mutation left is not worth a capture: put the prior state back
    Policy rollback = policy.toBuilder().captureRestoreSnapshot(false).build();
    List<Path> restored = new ArrayList<>();
    Map<Path, BackupException> notRestored = new LinkedHashMap<>();
    for (int i = taken.size() - 1; i >= 0; i--) {
      Snapshot s = taken.get(i);
      try {
        restores.restore(s.target(), Selection.at(s.name().stamp()), rollback,
            RestoreService.Options.defaults());
        restored.add(s.target());
      } catch (BackupException e) {
        notRestored.put(s.target(), e);
      }
    }
    for (Snapshot s : taken) {
      BackupException e = notRestored.get(s.target());
      ports.facts().emit(withAfterHash(fact(s, e == null ? "rolled_back" : "rollback_failed"), s)
          .put(FactField.ERROR_ID, ErrorId.E_MUTATION_FAILED.name())
          .put(FactField.EXIT_CODE, ErrorId.E_MUTATION_FAILED.exitCode())
          .put(FactField.MESSAGE, e == null ? String.valueOf(failure.getMessage())
              : e.getMessage())
          .build());
    }
    return new GuardOutcome.RolledBack(taken, failure, restored, notRestored);
  }

  private Fact.Builder fact(Snapshot s, String outcome) {
    ContentHash before = s.sidecar().prior() instanceof Sidecar.PriorFile f
        ? f.payloadHash() : null;
    return Fact.builder(FactEvent.APPLY_RESULT, false)
        .put(FactField.PATH, s.target().toString())
        .put(FactField.TAG, s.name().tag().value())
        .put(FactField.OUTCOME, outcome)
        .put(FactField.PRIOR_KIND, s.sidecar().priorKind().wireName())
        .put(FactField.BACKUP, s.name().payloadFileName())
        .put(FactField.BEFORE_HASH, before == null ? null : before.hex())
        .put(FactField.BACKUP_DURABLE, s.durable());
  }

  private Fact.Builder withAfterHash(Fact.Builder fact, Snapshot s) {
    String after = hashOf(s.target());
    boolean fileBefore = s.sidecar().prior() instanceof Sidecar.PriorFile f
        && f.payloadHash() != null;
    return fact.put(FactField.AFTER_HASH, after)
        .put(FactField.HASH_ALG, after != null || fileBefore ? ContentHash.ALGORITHM : null);
  }

  /** The SHA-256 of a target that is a regular file now, else null (symlink, absent). */
  private String hashOf(Path target) {
    try (ArtifactDirectory dir = ports.store().open(target.getParent())) {
      String name = target.getFileName().toString();
      if (dir.inspect(name) instanceof NodeState.RegularFile) {
        return dir.hash(name, ports.hasher()).hex();
      }
    } catch (IOException e) {
      // the fact then carries no after_hash: the target cannot be read
    }
    return null;
  }
}
