package io.backupsidecar.adapter.fs;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardOpenOption.READ;

import io.backupsidecar.domain.model.ExtendedAttributes;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * Reads regular files of a held directory as safely as NIO allows: the kind is checked before an
 * open (so a FIFO is never opened) and the identity, by file key, before and after it (so a file
 * swapped in between is noticed). Names are checked by the caller.
 */
final class SafeChannels {
  private final HeldDirectory held;

  SafeChannels(HeldDirectory held) {
    this.held = held;
  }

  /**
   * Opens a regular file for reading, checking its kind before the open and its identity after.
   *
   * @param expectedKey the file key the caller saw, or {@code null} to only compare the keys before
   *     and after the open
   */
  SeekableByteChannel openRegular(String name, String purpose, String expectedKey)
      throws IOException {
    BasicFileAttributes before = regular(name, purpose);
    String key = expectedKey != null ? expectedKey : Lstat.fileKeyString(before.fileKey());
    checkIdentity(name, key, before);
    SeekableByteChannel in = held.open(name, Set.of(READ, NOFOLLOW_LINKS));
    try {
      checkStill(name, purpose, key);
      return in;
    } catch (IOException | RuntimeException | Error e) {
      Closing.quietly(in, e);
      throw e;
    }
  }

  /**
   * The user xattrs of the regular file {@code name}, which must be the file of key {@code key} in
   * the held directory both by path (the JDK reads them by path) and relative to the held
   * directory, before and after the read.
   */
  ExtendedAttributes xattrs(String name, String purpose, String key) throws IOException {
    Path file = held.path(name);
    checkIdentity(name, key, Lstat.requireRegular(file, purpose).fileKey());
    ExtendedAttributes xattrs = Xattrs.read(file);
    checkStill(name, purpose, key);
    return xattrs;
  }

  /** The attributes of {@code name}, which must be a regular file. */
  BasicFileAttributes regular(String name, String purpose) throws IOException {
    return Reads.regular(held, name, purpose);
  }

  private void checkStill(String name, String purpose, String key) throws IOException {
    checkIdentity(name, key, regular(name, purpose));
  }

  private void checkIdentity(String name, String expectedKey, BasicFileAttributes actual)
      throws FileSystemException {
    checkIdentity(name, expectedKey, Lstat.fileKeyString(actual.fileKey()));
  }

  private void checkIdentity(String name, String expectedKey, String actualKey)
      throws FileSystemException {
    if (expectedKey != null && !expectedKey.equals(actualKey)) {
      throw new FileSystemException(
          held.path(name).toString(),
          null,
          String.format(
              "was replaced by another file since it was inspected (file key %s, expected %s)",
              actualKey, expectedKey));
    }
  }
}
