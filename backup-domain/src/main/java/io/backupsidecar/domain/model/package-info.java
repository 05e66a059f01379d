/**
 * Domain ring, model: immutable values (records and sealed types) that describe targets, snapshots,
 * sidecars, policy, facts and errors. No I/O, JDK only.
 */
package io.backupsidecar.domain.model;
