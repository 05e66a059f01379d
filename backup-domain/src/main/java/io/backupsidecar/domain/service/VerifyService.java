package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.ArtifactName;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.BackupName;
import io.backupsidecar.domain.model.Fact;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.model.FactField;
import io.backupsidecar.domain.model.FactOutcome;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.PriorKind;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.model.SnapshotListing;
import io.backupsidecar.domain.model.Tag;
import io.backupsidecar.domain.model.VerifyFinding;
import io.backupsidecar.domain.model.VerifySummary;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.FactEmitter;
import io.backupsidecar.domain.port.NodeInspector;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Checks snapshots (DESIGN §6) with the same rules restore applies: the sidecar is trusted and
 * parses, the payload is present and of the recorded kind, and its hash matches. Walks directory
 * trees without following symlinked directories, one snapshot at a time, so memory does not grow
 * with the tree.
 */
public final class VerifyService {
  private final NodeInspector inspector;
  private final ArtifactStore store;
  private final FactEmitter facts;
  private final SnapshotCatalog catalog;
  private final SnapshotCheck snapshotCheck;

  /**
   * Creates the service over exactly what it uses.
   *
   * @param inspector what is at a path (to tell directories from targets)
   * @param store where artifacts are made and read
   * @param facts where facts go
   * @param catalog finds snapshots
   * @param snapshotCheck checks one snapshot
   */
  VerifyService(
      NodeInspector inspector,
      ArtifactStore store,
      FactEmitter facts,
      SnapshotCatalog catalog,
      SnapshotCheck snapshotCheck) {
    this.inspector = Objects.requireNonNull(inspector, "inspector");
    this.store = Objects.requireNonNull(store, "store");
    this.facts = Objects.requireNonNull(facts, "facts");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.snapshotCheck = Objects.requireNonNull(snapshotCheck, "snapshotCheck");
  }

  /**
   * Verifies the snapshots of each path: for a target (file, symlink or absent path), its snapshots
   * with the policy's tag; for a directory, every snapshot of any tag beneath it.
   *
   * @param onEach told of every finding as it is made (progress, streaming output)
   */
  public VerifySummary verify(List<Path> paths, Policy policy, Consumer<VerifyFinding> onEach)
      throws BackupException {
    int[] checked = {0};
    List<VerifyFinding> damaged = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    Consumer<VerifyFinding> record =
        finding -> {
          checked[0]++;
          if (!finding.isSound()) {
            damaged.add(finding);
          }
          emit(finding);
          onEach.accept(finding);
        };
    for (Path path : new LinkedHashSet<>(paths)) {
      NodeState state;
      try {
        state = inspector.inspect(path);
      } catch (IOException e) {
        unreadable.add(String.format("cannot inspect %s: %s", path, e));
        continue;
      }
      if (state instanceof NodeState.Unsupported u
          && u.kind() == NodeState.Unsupported.Kind.DIRECTORY) {
        walk(path, policy, record, unreadable);
      } else {
        Path target = Targets.check(path);
        try (ArtifactDirectory dir = store.open(target.getParent())) {
          verifyListing(dir, catalog.list(dir, target, policy.tag()), policy, record);
        } catch (NoSuchFileException e) {
          // no directory, no snapshots
        } catch (IOException e) {
          unreadable.add(String.format("cannot open the directory of %s: %s", path, e));
        }
      }
    }
    return new VerifySummary(checked[0], damaged, unreadable);
  }

  private void walk(
      Path root, Policy policy, Consumer<VerifyFinding> record, List<String> unreadable) {
    Deque<Path> pending = new ArrayDeque<>();
    pending.push(root);
    while (!pending.isEmpty()) {
      Path dir = pending.pop();
      try (ArtifactDirectory held = store.open(dir)) {
        walkOne(held, policy, record, unreadable, pending);
      } catch (IOException e) {
        unreadable.add(String.format("cannot list %s: %s", dir, e));
      }
    }
  }

  private void walkOne(
      ArtifactDirectory held,
      Policy policy,
      Consumer<VerifyFinding> record,
      List<String> unreadable,
      Deque<Path> pending)
      throws IOException {
    Path dir = held.path();
    List<String> names = held.list();
    names = names.stream().sorted().toList();
    Map<String, Set<Tag>> targets = new LinkedHashMap<>();
    for (String name : names) {
      Optional<ArtifactName> artifact = BackupName.parse(name);
      if (artifact.isPresent()) {
        BackupName n = artifact.get().name();
        targets.computeIfAbsent(n.targetName(), k -> new LinkedHashSet<>()).add(n.tag());
        continue;
      }
      try {
        if (held.inspect(name) instanceof NodeState.Unsupported u
            && u.kind() == NodeState.Unsupported.Kind.DIRECTORY) {
          pending.push(dir.resolve(name));
        }
      } catch (IOException e) {
        unreadable.add(String.format("cannot inspect %s: %s", dir.resolve(name), e));
      }
    }
    for (Map.Entry<String, Set<Tag>> t : targets.entrySet()) {
      for (Tag tag : t.getValue()) {
        verifyListing(
            held, SnapshotListing.of(dir.resolve(t.getKey()), tag, names), policy, record);
      }
    }
  }

  private void verifyListing(
      ArtifactDirectory dir,
      SnapshotListing listing,
      Policy policy,
      Consumer<VerifyFinding> record) {
    for (SnapshotEntry entry : listing.entries()) {
      record.accept(snapshotCheck.check(dir, entry, policy));
    }
  }

  private void emit(VerifyFinding finding) {
    facts.emit(
        Fact.builder(FactEvent.VERIFY_RESULT, false)
            .put(FactField.PATH, finding.entry().target().toString())
            .put(FactField.TAG, finding.entry().name().tag().value())
            .put(
                FactField.OUTCOME,
                (!finding.isSound()
                        ? FactOutcome.DAMAGED
                        : finding.entry().state() == SnapshotEntry.State.CONSUMED
                            ? FactOutcome.CONSUMED
                            : FactOutcome.SOUND)
                    .wireName())
            .put(FactField.PRIOR_KIND, finding.kind() == null ? null : finding.kind().wireName())
            .put(FactField.BACKUP, finding.entry().name().payloadFileName())
            .put(FactField.STAMP, finding.entry().stamp())
            .put(
                FactField.SIDECAR_INTEGRITY_VERIFIED,
                finding.isSound()
                    && finding.kind() == PriorKind.FILE
                    && finding.entry().isComplete())
            .put(FactField.PROBLEMS, finding.problems())
            .build());
  }
}
