package io.backupsidecar.domain.port;

import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.NodeState.FileMetadata;
import java.io.IOException;
import java.util.List;

/**
 * A regular file held open by its own descriptor so that the very inode can become a snapshot's
 * payload without being copied ({@link ArtifactDirectory#holdInPlace}): the capture of the state a
 * restore is about to replace by a rename. Its bytes are hashed from that descriptor, possibly on
 * another thread while the caller goes on using the directory; {@link #await} waits for the hash.
 *
 * <p>As a {@link StagedFile}: {@link #link} gives that inode a second name (exclusively, through
 * the descriptor, never by looking the source's name up again); {@link #sync} flushes it; {@link
 * #complete} applies nothing, because the file already has its own owner, mode, attributes and
 * mtime, and it is still the live target; {@link #replace} is refused; and {@link #close} stops the
 * hashing and releases the descriptor without ever removing the file.
 */
public interface HeldFile extends StagedFile {

  /**
   * Waits for the hash of the file's bytes (and the read of its extended attributes) to finish.
   *
   * @return what was read: bytes, hash, extended attributes
   * @throws IOException if the file could not be read, or changed (size or mtime) while it was
   *     read: then its bytes are not known, and the caller copies the file instead
   */
  Copied await() throws IOException;

  /**
   * What {@link #await} returned.
   *
   * @throws IllegalStateException before {@link #await} returned
   */
  @Override
  Copied copied();

  /** Applies nothing: the file is the target itself. */
  @Override
  default List<String> complete(FileMetadata metadata) {
    return List.of();
  }

  /**
   * Refused: a held file is the target itself, never moved over another name.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  default void replace(String name) {
    throw new UnsupportedOperationException("a held file is never moved over another name");
  }
}
