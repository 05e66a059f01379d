package io.backupsidecar.domain.service;

import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.Durability;
import io.backupsidecar.domain.port.FactEmitter;
import io.backupsidecar.domain.port.Hasher;
import io.backupsidecar.domain.port.NodeInspector;
import io.backupsidecar.domain.port.SidecarCodec;
import java.time.Clock;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The adapters a host wires the services with: one value so every service sees the same backends.
 *
 * @param inspector what is at a path
 * @param store artifact files
 * @param durability flushes
 * @param hasher SHA-256
 * @param codec sidecar bytes
 * @param facts where facts go
 * @param clock the time stamps come from
 * @param tool name/version written in sidecars and facts, e.g. {@code backup/0.1.0}
 * @param processUid the uid restore's trust check compares sidecar owners with, chosen by the
 *     composition root with the filesystem backend; empty where the backend has no numeric owners
 */
public record Ports(
    NodeInspector inspector,
    ArtifactStore store,
    Durability durability,
    Hasher hasher,
    SidecarCodec codec,
    FactEmitter facts,
    Clock clock,
    String tool,
    OptionalInt processUid) {
  /** Checks every port is present. */
  public Ports {
    Objects.requireNonNull(inspector, "inspector");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(hasher, "hasher");
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(facts, "facts");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(processUid, "processUid");
  }

  /** The same ports with another fact emitter. */
  public Ports withFacts(FactEmitter emitter) {
    return new Ports(inspector, store, durability, hasher, codec, emitter, clock, tool, processUid);
  }
}
