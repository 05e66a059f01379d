package io.backupsidecar.archfixture.domain.model;

import io.backupsidecar.archfixture.adapter.fs.FsStore;

/** Fixture (violation): the innermost ring names an adapter. */
public final class KnowsAnAdapter {
  FsStore store;
}
