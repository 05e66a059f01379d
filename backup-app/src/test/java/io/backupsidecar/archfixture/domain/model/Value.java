package io.backupsidecar.archfixture.domain.model;

/** Fixture: a clean domain value, so the model layer is not empty. */
public record Value(String name) {}
