package io.backupsidecar.domain.model;

/** A host's change to the targets of a guard; any exception it throws means failure. */
@FunctionalInterface
public interface Mutation {
  /** Makes the change. */
  void run() throws Exception;
}
