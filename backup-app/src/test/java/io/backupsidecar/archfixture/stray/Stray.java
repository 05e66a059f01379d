package io.backupsidecar.archfixture.stray;

/** Fixture (violation): a package that belongs to no ring of the onion. */
public final class Stray {}
