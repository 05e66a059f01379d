package io.backupsidecar.archfixture.domain.service;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Fixture (violation): the domain opens a FileChannel. */
public final class OpensFileChannel {
  FileChannel open(Path path) throws IOException {
    return FileChannel.open(path);
  }
}
