/**
 * Domain ring, services: the use cases (snapshot, list, restore, prune, verify, guard), written
 * against the ports only.
 */
package io.backupsidecar.domain.service;
