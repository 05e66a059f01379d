package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.PriorKind;
import io.backupsidecar.domain.model.SchemaVersion;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SidecarProblem;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.model.VerifyFinding;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.Hasher;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The check of one snapshot that {@code verify} makes, with the rules restore applies: the sidecar
 * trusted and valid, the payload present and of the recorded kind, its bytes matching the recorded
 * hash, its kept metadata matching the recorded digest.
 */
final class SnapshotCheck {
  private final Hasher hasher;
  private final SnapshotCatalog catalog;

  SnapshotCheck(Hasher hasher, SnapshotCatalog catalog) {
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /** Checks one snapshot; never throws: every problem becomes a sentence. */
  VerifyFinding check(ArtifactDirectory dir, SnapshotEntry entry, Policy policy) {
    switch (entry.state()) {
      case INCOMPLETE:
        return new VerifyFinding(
            entry,
            null,
            List.of(
                String.format(
                    "incomplete snapshot: payload %s has no sidecar (an interrupted snapshot; prune "
                        + "removes it)",
                    entry.payload())));
      default:
        break;
    }
    Sidecar sidecar;
    try {
      sidecar = catalog.readTrusted(dir, entry, policy);
    } catch (SidecarProblem e) {
      return new VerifyFinding(entry, null, List.of(e.getMessage()));
    }
    PriorKind kind = sidecar.priorKind();
    if (entry.state() == SnapshotEntry.State.CONSUMED) {
      if (sidecar.schema() == SchemaVersion.V3) {
        // only this tool writes v3, and it never consumes a payload: this one was lost
        return new VerifyFinding(
            entry,
            kind,
            List.of(
                String.format(
                    "payload %s is missing: its sidecar %s names nothing (this tool never consumes a "
                        + "payload)",
                    entry.payload(), entry.sidecar())));
      }
      // switchyard's restore took the payload: not damage, and no payload to check
      return new VerifyFinding(entry, kind, List.of());
    }
    NodeState payload;
    try {
      payload = dir.inspect(Directories.name(entry.payload()));
    } catch (IOException e) {
      return new VerifyFinding(
          entry, kind, List.of(String.format("cannot inspect payload %s: %s", entry.payload(), e)));
    }
    Optional<String> problem = PayloadChecks.problem(entry, sidecar.prior(), payload, policy);
    if (problem.isPresent()) {
      return new VerifyFinding(entry, kind, List.of(problem.get()));
    }
    if (sidecar.prior() instanceof Sidecar.PriorFile f && f.payloadHash() != null) {
      ContentHash actual;
      try {
        actual = dir.hash(Directories.name(entry.payload()), hasher);
      } catch (IOException e) {
        return new VerifyFinding(
            entry, kind, List.of(String.format("cannot read payload %s: %s", entry.payload(), e)));
      }
      if (!actual.equals(f.payloadHash())) {
        return new VerifyFinding(
            entry,
            kind,
            List.of(
                String.format(
                    "payload %s does not match its sidecar: SHA-256 is %s, the sidecar records %s",
                    entry.payload(), actual.hex(), f.payloadHash().hex())));
      }
    }
    if (sidecar.prior() instanceof Sidecar.PriorFile f && f.metadataHash() != null) {
      Optional<String> metadata;
      try {
        metadata =
            MetadataDigest.problem(
                hasher,
                f,
                dir.xattrs(Directories.name(entry.payload())),
                entry.payload().toString());
      } catch (IOException e) {
        return new VerifyFinding(
            entry,
            kind,
            List.of(
                String.format(
                    "cannot read the extended attributes of payload %s: %s", entry.payload(), e)));
      }
      if (metadata.isPresent()) {
        return new VerifyFinding(entry, kind, List.of(metadata.get()));
      }
    }
    return new VerifyFinding(entry, kind, List.of());
  }
}
