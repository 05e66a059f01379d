package io.backupsidecar.domain.port;

import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.NodeState.FileMetadata;
import io.backupsidecar.domain.model.ContentHash;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Creates, reads, lists, moves and deletes the files a snapshot or restore is made of.
 *
 * <p>Common promises: no method follows a symlink at the final component of the path it is
 * given (a symlink is treated as the link itself; directories on the way are resolved as the
 * OS resolves them, so {@link #list} of a symlinked directory lists that directory); no method opens a FIFO, socket or device; every method that
 * creates a name does so exclusively and throws {@link java.nio.file.FileAlreadyExistsException}
 * if the name is taken, so callers can reserve names by creating them. Failures are
 * {@link IOException}s of the NIO kinds ({@code NoSuchFileException}, {@code
 * AccessDeniedException}, ...), never swallowed.
 */
public interface ArtifactStore {

  /**
   * The names of the entries of a directory (not {@code .} or {@code ..}), in no order.
   *
   * @throws java.nio.file.NoSuchFileException if the directory does not exist
   * @throws java.nio.file.NotDirectoryException if it is not a directory
   */
  List<String> list(Path directory) throws IOException;

  /**
   * Creates {@code destination} exclusively with permissions 0600, copies the bytes of the
   * regular file {@code source} into it and feeds the same bytes to a session of {@code
   * hasher} in one pass, then copies the source's user extended attributes where the backend
   * has them. Does not flush and does not apply the mode, owner or mtime (see {@link
   * #applyMetadata}).
   *
   * @param expected what {@code source} was when inspected; if the file opened is not that file
   *     (its file key differs, or it is no longer a regular file) the copy is abandoned
   * @return the byte count and the hash of exactly the bytes written
   * @throws java.nio.file.FileAlreadyExistsException if {@code destination} exists
   * @throws java.nio.file.FileSystemException if {@code source} changed kind or identity; the
   *     partial destination is removed before any exception is thrown
   */
  Copied copyNew(Path source, NodeState.RegularFile expected, Path destination, Hasher hasher)
      throws IOException;

  /**
   * Like {@link #copyNew}, but the store may leave holes in {@code destination} where {@code
   * source} has runs of zero bytes: the bytes read back and the hash are the same, the disk
   * space and the writes are not spent. For snapshot payloads, which are only ever read; a
   * restored file is written whole with {@link #copyNew}, since some files (swap files,
   * preallocated databases) must not have holes. The default is {@link #copyNew}.
   *
   * @throws java.nio.file.FileAlreadyExistsException if {@code destination} exists
   * @throws java.nio.file.FileSystemException as {@link #copyNew}
   */
  default Copied copyNewSparse(Path source, NodeState.RegularFile expected, Path destination,
      Hasher hasher) throws IOException {
    return copyNew(source, expected, destination, hasher);
  }

  /**
   * Creates a symlink at {@code link} exclusively, holding exactly {@code destination}
   * (relative stays relative; the destination need not exist).
   *
   * @throws java.nio.file.FileAlreadyExistsException if {@code link} exists
   */
  void createSymlinkNew(Path link, String destination) throws IOException;

  /**
   * Creates an empty file exclusively with permissions 0600 (the tombstone of an absent
   * target).
   *
   * @throws java.nio.file.FileAlreadyExistsException if {@code file} exists
   */
  void createEmptyNew(Path file) throws IOException;

  /**
   * Creates {@code file} exclusively with the given permission bits and writes {@code bytes}.
   * Does not flush.
   *
   * @throws java.nio.file.FileAlreadyExistsException if {@code file} exists
   */
  void writeNew(Path file, byte[] bytes, int permissions) throws IOException;

  /**
   * Reads a small regular file whole (a sidecar).
   *
   * @throws java.nio.file.FileSystemException if it is not a regular file (a symlink, FIFO,
   *     directory) or is longer than {@code maxBytes}
   */
  byte[] readSmall(Path file, int maxBytes) throws IOException;

  /**
   * Hashes a regular file with one session of {@code hasher}.
   *
   * @throws java.nio.file.FileSystemException if it is not a regular file
   */
  ContentHash hash(Path file, Hasher hasher) throws IOException;

  /**
   * Compares two regular files byte by byte and stops at the first difference: far cheaper
   * than hashing both when they differ early, as a file to be restored usually does.
   *
   * @return the offset of the first byte that differs (the shorter file's size when one is a
   *     prefix of the other), or -1 when the contents are identical
   * @throws java.nio.file.FileSystemException if either is not a regular file
   */
  long mismatch(Path first, Path second) throws IOException;

  /**
   * Applies metadata to a regular file, in the order that keeps special bits: owner and group
   * first (only where given and different; a refusal because the process is not privileged is
   * ignored, the file then keeps the caller's ownership), then the mode including setuid,
   * setgid and sticky, then the mtime (where given). Does not flush.
   */
  void applyMetadata(Path file, FileMetadata metadata) throws IOException;

  /**
   * Renames {@code source} to {@code destination} atomically, replacing what is there (a
   * file or symlink, never a directory). Both are in the same directory.
   *
   * @throws java.nio.file.AtomicMoveNotSupportedException if the backend cannot rename
   *     atomically; nothing is moved then
   */
  void moveAtomically(Path source, Path destination) throws IOException;

  /**
   * Deletes a file or symlink (the link itself), if present.
   *
   * @return whether something was deleted
   * @throws java.nio.file.FileSystemException if {@code path} is a directory: this store
   *     never deletes one
   */
  boolean deleteIfPresent(Path path) throws IOException;
}
