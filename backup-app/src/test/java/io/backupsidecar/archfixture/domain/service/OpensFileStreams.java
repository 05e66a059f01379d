package io.backupsidecar.archfixture.domain.service;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fixture (violation): the domain opens a java.io file stream. */
public final class OpensFileStreams {
  InputStream open(String name) throws IOException {
    return new FileInputStream(name);
  }
}
