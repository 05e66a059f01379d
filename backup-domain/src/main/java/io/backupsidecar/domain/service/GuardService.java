package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.model.FactField;
import io.backupsidecar.domain.model.FactOutcome;
import io.backupsidecar.domain.model.GuardOutcome;
import io.backupsidecar.domain.model.Mutation;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.RestoreOptions;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.Snapshot;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.FactEmitter;
import io.backupsidecar.domain.port.Hasher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Guards a mutation (DESIGN §7): snapshot the targets, run the host's mutation, and on failure
 * restore every snapshot in reverse order. Emits {@code apply.result} per target.
 */
public final class GuardService {
  private final ArtifactStore store;
  private final Hasher hasher;
  private final FactEmitter facts;
  private final SnapshotService snapshots;
  private final RestoreService restores;

  /**
   * Creates the service over exactly what it uses.
   *
   * @param store where artifacts are made and read
   * @param hasher SHA-256
   * @param facts where facts go
   * @param snapshots takes snapshots (a restore captures the state it replaces)
   * @param restores rolls targets back
   */
  public GuardService(
      ArtifactStore store,
      Hasher hasher,
      FactEmitter facts,
      SnapshotService snapshots,
      RestoreService restores) {
    this.store = Objects.requireNonNull(store, "store");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.facts = Objects.requireNonNull(facts, "facts");
    this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
    this.restores = Objects.requireNonNull(restores, "restores");
  }

  /**
   * Snapshots the targets, runs the mutation, and commits or rolls back.
   *
   * @return {@link GuardOutcome.Committed}, or {@link GuardOutcome.RolledBack} when the mutation
   *     threw (call {@link GuardOutcome.RolledBack#toException()} to raise it)
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
      facts.emit(withAfterHash(fact(s, FactOutcome.COMMITTED), s).build());
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
        restores.restore(
            s.target(), Selection.at(s.name().stamp()), rollback, RestoreOptions.defaults());
        restored.add(s.target());
      } catch (BackupException e) {
        notRestored.put(s.target(), e);
      }
    }
    for (Snapshot s : taken) {
      BackupException e = notRestored.get(s.target());
      facts.emit(
          withAfterHash(
                  fact(s, e == null ? FactOutcome.ROLLED_BACK : FactOutcome.ROLLBACK_FAILED), s)
              .put(FactField.ERROR_ID, ErrorId.E_MUTATION_FAILED.name())
              .put(FactField.EXIT_CODE, ErrorId.E_MUTATION_FAILED.exitCode())
              .put(
                  FactField.MESSAGE,
                  e == null ? String.valueOf(failure.getMessage()) : e.getMessage())
              .build());
    }
    return new GuardOutcome.RolledBack(taken, failure, restored, notRestored);
  }

  private Fact.Builder fact(Snapshot s, FactOutcome outcome) {
    ContentHash before =
        s.sidecar().prior() instanceof Sidecar.PriorFile f ? f.payloadHash() : null;
    return Fact.builder(FactEvent.APPLY_RESULT, false)
        .put(FactField.PATH, s.target().toString())
        .put(FactField.TAG, s.name().tag().value())
        .put(FactField.OUTCOME, outcome.wireName())
        .put(FactField.PRIOR_KIND, s.sidecar().priorKind().wireName())
        .put(FactField.BACKUP, s.name().payloadFileName())
        .put(FactField.BEFORE_HASH, before == null ? null : before.hex())
        .put(FactField.BACKUP_DURABLE, s.durable());
  }

  private Fact.Builder withAfterHash(Fact.Builder fact, Snapshot s) {
    String after = hashOf(s.target());
    boolean fileBefore =
        s.sidecar().prior() instanceof Sidecar.PriorFile f && f.payloadHash() != null;
    return fact.put(FactField.AFTER_HASH, after)
        .put(FactField.HASH_ALG, after != null || fileBefore ? ContentHash.ALGORITHM : null);
  }

  /** The SHA-256 of a target that is a regular file now, else null (symlink, absent). */
  private String hashOf(Path target) {
    try (ArtifactDirectory dir = store.open(target.getParent())) {
      String name = target.getFileName().toString();
      if (dir.inspect(name) instanceof NodeState.RegularFile) {
        return dir.hash(name, hasher).hex();
      }
    } catch (IOException e) {
      // the fact then carries no after_hash: the target cannot be read
    }
    return null;
  }
}
