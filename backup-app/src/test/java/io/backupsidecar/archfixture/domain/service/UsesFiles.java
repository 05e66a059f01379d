package io.backupsidecar.archfixture.domain.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fixture (violation): the domain calls java.nio.file.Files (Path itself is fine). */
public final class UsesFiles {
  byte[] read(Path path) throws IOException {
    return Files.readAllBytes(path);
  }
}
