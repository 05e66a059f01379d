package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.SchemaVersion;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.port.Hasher;
import java.time.Instant;
import java.util.Objects;

/** Builds the sidecar of a pending snapshot from what its payload step found out. */
final class SidecarBuilder {
  private final Hasher hasher;
  private final String tool;

  /**
   * @param hasher digests the metadata set of a file with extended attributes
   * @param tool name/version written in sidecars, e.g. {@code backup/0.1.0}
   */
  SidecarBuilder(Hasher hasher, String tool) {
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.tool = Objects.requireNonNull(tool, "tool");
  }

  /**
   * The sidecar of {@code p}: v3 for a restore's capture (to say so), the policy's version for a
   * snapshot.
   */
  Sidecar build(PendingSnapshot p, PayloadWritten payload, Policy policy, Instant createdAt) {
    Sidecar full =
        new Sidecar(
            SchemaVersion.V3,
            prior(p.state, payload),
            new Sidecar.Provenance(createdAt, p.name().tag(), p.targetName(), tool, p.origin));
    return p.origin == Sidecar.Origin.SNAPSHOT ? full.withVersion(policy.sidecarVersion()) : full;
  }

  private Sidecar.Prior prior(NodeState state, PayloadWritten payload) {
    if (state instanceof NodeState.RegularFile file) {
      Sidecar.PriorFile plain =
          new Sidecar.PriorFile(
              file.metadata().mode(),
              payload.hash(),
              payload.bytes(),
              file.metadata().uid(),
              file.metadata().gid(),
              file.metadata().mtime());
      // the names and the digest of the metadata set, when there are attributes to keep
      return payload.xattrs().isEmpty()
          ? plain
          : new Sidecar.PriorFile(
              plain.mode(),
              plain.payloadHash(),
              plain.size(),
              plain.uid(),
              plain.gid(),
              plain.mtime(),
              payload.xattrs().names(),
              MetadataDigest.of(hasher, plain, payload.xattrs()));
    }
    if (state instanceof NodeState.Symlink link) {
      return new Sidecar.PriorSymlink(link.destination());
    }
    return new Sidecar.PriorNone();
  }

  /**
   * A sidecar is readable by whoever could read the target and by nobody else: it holds the
   * target's hash, which must not leak a secret file's content to brute force.
   */
  static int permissions(NodeState state) {
    if (state instanceof NodeState.RegularFile file) {
      return 0600 | (file.metadata().mode().permissions() & 0044);
    }
    return 0644;
  }
}
