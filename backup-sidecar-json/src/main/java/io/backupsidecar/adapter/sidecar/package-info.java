/**
 * Adapter ring: the Jackson codec for {@code backup_meta} sidecars (v1, v2 from switchyard; v3
 * ours) and the JSON Schema that describes them. Implements the domain's {@code SidecarCodec} port;
 * nothing here touches files.
 */
package io.backupsidecar.adapter.sidecar;
