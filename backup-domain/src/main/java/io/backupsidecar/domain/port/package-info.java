/**
 * Domain ring, ports: the interfaces through which the services reach the outside world
 * (filesystem, durability, hashing, sidecar encoding, facts). Adapters implement them.
 */
package io.backupsidecar.domain.port;
