/**
 * Abstract contract tests of the domain's ports, one per port, shipped in backup-domain's test-jar
 * so that every implementation, production adapter and test fake alike, runs the same cases: a
 * module holds its implementation to a port by extending the contract and supplying a small
 * fixture.
 */
package io.backupsidecar.domain.contract;
