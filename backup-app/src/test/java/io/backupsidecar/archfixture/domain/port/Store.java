package io.backupsidecar.archfixture.domain.port;

/** Fixture: a clean port, with a nested record that belongs to it. */
public interface Store {
  Entry get(String name);

  /** Fixture: a type nested in a port interface is allowed. */
  record Entry(String name) {}
}
