package io.backupsidecar.archfixture.app.cli;

import io.backupsidecar.archfixture.adapter.sidecar.SidecarThing;

/** Fixture: app.cli is part of the composition root and may name an adapter. */
public final class WiresSidecar {
  SidecarThing codec = new SidecarThing();
}
