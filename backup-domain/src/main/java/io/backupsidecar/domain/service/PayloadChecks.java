package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SnapshotEntry;
import java.util.Optional;

/** The payload rules restore and verify share: one place, so both judge a snapshot alike. */
final class PayloadChecks {
  private PayloadChecks() {}

  /**
   * What is wrong with a payload before its bytes are read: missing, of another kind than the
   * sidecar records, a symlink pointing elsewhere, or a file sidecar with no hash while integrity
   * is required.
   */
  static Optional<String> problem(
      SnapshotEntry entry, Sidecar.Prior prior, NodeState payload, Policy policy) {
    boolean kindOk =
        switch (prior.kind()) {
          case FILE -> payload instanceof NodeState.RegularFile;
          case SYMLINK -> payload instanceof NodeState.Symlink;
          case NONE -> payload instanceof NodeState.RegularFile tomb && tomb.size() == 0;
        };
    if (!kindOk) {
      return Optional.of(
          String.format(
              "payload %s is %s, but its sidecar records a %s",
              entry.payload(), describe(payload), prior.kind().wireName()));
    }
    if (prior instanceof Sidecar.PriorFile f
        && f.payloadHash() == null
        && policy.requireSidecarIntegrity()) {
      return Optional.of(
          String.format(
              "sidecar %s has no payload_hash, so the payload's " + "integrity cannot be checked",
              entry.sidecar()));
    }
    if (prior instanceof Sidecar.PriorSymlink l
        && policy.requireSidecarIntegrity()
        && !((NodeState.Symlink) payload).destination().equals(l.destination())) {
      return Optional.of(
          String.format(
              "payload %s points to '%s' but its sidecar records '%s'",
              entry.payload(), ((NodeState.Symlink) payload).destination(), l.destination()));
    }
    if (prior instanceof Sidecar.PriorFile f
        && f.size() != null
        && ((NodeState.RegularFile) payload).size() != f.size()
        && policy.requireSidecarIntegrity()) {
      return Optional.of(
          String.format(
              "payload %s has %d bytes but its sidecar records %d",
              entry.payload(), ((NodeState.RegularFile) payload).size(), f.size()));
    }
    return Optional.empty();
  }

  static String describe(NodeState state) {
    if (state instanceof NodeState.RegularFile f) {
      return f.size() == 0 ? "an empty file" : "a regular file";
    }
    if (state instanceof NodeState.Symlink) {
      return "a symlink";
    }
    if (state instanceof NodeState.Absent) {
      return "missing";
    }
    return "a " + ((NodeState.Unsupported) state).kind().label();
  }
}
