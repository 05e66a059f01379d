package io.backupsidecar.archfixture.adapter.fs;

import io.backupsidecar.archfixture.adapter.sidecar.SidecarThing;

/** Fixture (violation): one adapter calling another. */
public final class CallsSidecarAdapter {
  String call() {
    return new SidecarThing().encode();
  }
}
