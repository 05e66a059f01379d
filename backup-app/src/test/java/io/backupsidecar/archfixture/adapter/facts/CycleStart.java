package io.backupsidecar.archfixture.adapter.facts;

import io.backupsidecar.archfixture.adapter.facts.internal.CycleEnd;

/** Fixture (violation): half of a package cycle adapter.facts <-> adapter.facts.internal. */
public final class CycleStart {
  CycleEnd next;
}
