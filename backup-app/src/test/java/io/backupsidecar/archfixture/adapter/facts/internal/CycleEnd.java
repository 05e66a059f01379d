package io.backupsidecar.archfixture.adapter.facts.internal;

import io.backupsidecar.archfixture.adapter.facts.CycleStart;

/** Fixture (violation): the other half of the package cycle. */
public final class CycleEnd {
  CycleStart back;
}
