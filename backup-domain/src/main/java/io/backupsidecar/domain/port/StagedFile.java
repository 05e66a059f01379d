package io.backupsidecar.domain.port;

import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.model.NodeState.FileMetadata;
import java.io.IOException;
import java.util.List;

/**
 * A new file, written and completed through its own descriptor before it gets a name: owner, mode,
 * extended attributes, times and the flush are applied to the inode this process created, never
 * looked up again by name, and the name appears (by {@link #link} or {@link #replace}) only when
 * the file is complete. Closing a file that was never named discards it.
 */
public interface StagedFile extends AutoCloseable {

  /** What was copied into it: bytes, hash, and the source's extended attributes. */
  Copied copied();

  /**
   * Completes the file in the order that keeps special bits and capabilities: owner and group first
   * (where given and different; a refusal because the process is not privileged is ignored, the
   * file keeps the caller's ownership), then the mode including setuid, setgid and sticky, then the
   * extended attributes of the copy (a {@code chown} clears {@code security.capability}, so they
   * come after it), then the mtime.
   *
   * @return the names of the extended attributes that could not be applied (for example {@code
   *     trusted.*} or {@code security.capability} when not root); empty when all were
   */
  List<String> complete(FileMetadata metadata) throws IOException;

  /**
   * Flushes the file's data and metadata ({@code fsync} of its descriptor). A failure is never
   * retried.
   */
  FlushResult sync() throws IOException;

  /**
   * Gives the file its name, exclusively: fails with {@link
   * java.nio.file.FileAlreadyExistsException} if the name is taken, and may then be called again
   * with another name.
   */
  void link(String name) throws IOException;

  /** Gives the file its name, atomically replacing what is there (never a directory). */
  void replace(String name) throws IOException;

  /** Releases the descriptor; removes the file if it was never named. */
  @Override
  void close() throws IOException;
}
