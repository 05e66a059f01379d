package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.Snapshot;
import java.util.Objects;

/**
 * One target through the protocol to its end (or, in a dry run, through the plan): the snapshot
 * returned to the caller and what its fact reports.
 *
 * @param pending the target, its final name and state
 * @param payload what its payload step found out
 * @param snapshot the snapshot, as returned
 */
record Taken(PendingSnapshot pending, PayloadWritten payload, Snapshot snapshot) {
  Taken {
    Objects.requireNonNull(pending, "pending");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(snapshot, "snapshot");
  }
}
