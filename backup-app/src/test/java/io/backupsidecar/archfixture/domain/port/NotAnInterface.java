package io.backupsidecar.archfixture.domain.port;

/** Fixture (violation): a class in the port package. */
public class NotAnInterface {}
