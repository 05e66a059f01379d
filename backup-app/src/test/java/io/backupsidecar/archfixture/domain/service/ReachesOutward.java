package io.backupsidecar.archfixture.domain.service;

import io.backupsidecar.archfixture.adapter.sidecar.SidecarThing;
import io.backupsidecar.archfixture.app.Wiring;

/** Fixture (violation): a service that names an adapter and the app. */
public final class ReachesOutward {
  SidecarThing adapter;
  Wiring app;
}
