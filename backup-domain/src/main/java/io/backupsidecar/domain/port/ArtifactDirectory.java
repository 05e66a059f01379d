package io.backupsidecar.domain.port;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.ExtendedAttributes;
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.model.NodeState;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One directory, held open: every method acts on a name inside it (a single path component, never
 * {@code .}, {@code ..} or containing {@code /}).
 *
 * <p>Common promises: no method follows a symlink named by its argument (a symlink is treated as
 * the link itself); no method opens a FIFO, socket or device, and a file that is opened is opened
 * so that it cannot block (non-blocking, no-follow) and checked, on what was opened, to be the
 * regular file expected; a new file gets its name only once it is complete (see {@link
 * StagedFile}); every method that creates a name does so exclusively and throws {@link
 * java.nio.file.FileAlreadyExistsException} if the name is taken. Failures are {@link IOException}s
 * of the NIO kinds ({@code NoSuchFileException}, {@code AccessDeniedException}, ...) naming the
 * path, never swallowed. A handle is used by one thread at a time.
 */
public interface ArtifactDirectory extends AutoCloseable {

  /** The path the directory was opened by (for messages and for naming artifacts). */
  Path path();

  /** The names of the entries (not {@code .} or {@code ..}), in no order. */
  List<String> list() throws IOException;

  /**
   * What is at {@code name} now, like {@code fstatat(dir, name, AT_SYMLINK_NOFOLLOW)}; a FIFO is
   * never opened. The xattr names of a regular file are every name the process can list.
   */
  NodeState inspect(String name) throws IOException;

  /**
   * Copies the regular file {@code source} of this directory into a new file that has no name yet,
   * hashing the bytes in the same pass, and reads every extended attribute of the source from the
   * same descriptor (they are applied with the metadata, see {@link StagedFile#complete}). The new
   * file is private (0600) to the process until completed.
   *
   * @param expected what {@code source} was when inspected: if the file opened is not that file
   *     (another device/inode, or no longer a regular file) the copy is abandoned with a {@link
   *     java.nio.file.FileSystemException}
   * @param options see {@link StageOptions}
   * @throws java.nio.file.FileAlreadyExistsException only from a backend that must give the file a
   *     name while writing it ({@link StageOptions#provisionalName}) and finds it taken
   */
  StagedFile stageCopy(
      String source, NodeState.RegularFile expected, Hasher hasher, StageOptions options)
      throws IOException;

  /**
   * As {@link #stageCopy}, from a regular file of another directory held by the same store (a
   * restore to another path: the payload's directory is {@code from}, the new file is made here).
   * {@code stageCopy(source, ...)} is {@code stageCopyFrom(this, source, ...)}.
   *
   * @throws IllegalArgumentException if {@code from} was not opened by the same store
   */
  StagedFile stageCopyFrom(
      ArtifactDirectory from,
      String source,
      NodeState.RegularFile expected,
      Hasher hasher,
      StageOptions options)
      throws IOException;

  /**
   * Holds the regular file {@code source} itself, to become the payload of a snapshot of it that is
   * taken just before the file is replaced by a rename (a restore's capture): no byte is copied,
   * the inode gets a second name ({@link HeldFile#link}) and keeps it once the rename has taken the
   * first. Its bytes are hashed and its extended attributes read from the held descriptor; the hash
   * may run on another thread while the caller goes on ({@link HeldFile#await}).
   *
   * <p>Empty when the backend cannot give a held descriptor a name, or when the file must be copied
   * instead: it has other hard links (a later write through one of them would change the capture),
   * or this process could not link it. A backend without this ability keeps the default.
   *
   * @param expected what {@code source} was when inspected: if the file opened is not that file
   *     (another device/inode, or no longer a regular file) it is refused with a {@link
   *     java.nio.file.FileSystemException}
   */
  default Optional<HeldFile> holdInPlace(
      String source, NodeState.RegularFile expected, Hasher hasher) throws IOException {
    return Optional.empty();
  }

  /**
   * A new file holding {@code bytes} (a sidecar, or an empty tombstone), not named yet, with the
   * given permission bits.
   *
   * @throws java.nio.file.FileAlreadyExistsException as {@link #stageCopy}
   */
  StagedFile stageBytes(byte[] bytes, int permissions, StageOptions options) throws IOException;

  /**
   * Creates a symlink exclusively, holding exactly {@code destination} (relative stays relative;
   * the destination need not exist).
   */
  void createSymlink(String name, String destination) throws IOException;

  /**
   * Reads a small regular file (a sidecar) whole through one descriptor, and what that same
   * descriptor is (owner, mode): a trust check on the result speaks of exactly the bytes read.
   *
   * @throws java.nio.file.FileSystemException if it is not a regular file or is longer than {@code
   *     maxBytes}
   */
  SmallFile readSmall(String name, int maxBytes) throws IOException;

  /**
   * Hashes a regular file with one session of {@code hasher}.
   *
   * @throws java.nio.file.FileSystemException if it is not a regular file
   */
  ContentHash hash(String name, Hasher hasher) throws IOException;

  /**
   * Opens a regular file for reading, for a caller that streams its bytes (printing, comparing or
   * copying a payload elsewhere): through a descriptor checked to be a regular file, never
   * following a symlink and never opening a FIFO or device (which could block the caller forever).
   *
   * @throws java.nio.file.FileSystemException if it is not a regular file
   */
  SeekableByteChannel openRead(String name) throws IOException;

  /**
   * Every extended attribute of a regular file the process can read, through a descriptor checked
   * to be a regular file.
   */
  ExtendedAttributes xattrs(String name) throws IOException;

  /**
   * Compares two regular files byte by byte and stops at the first difference.
   *
   * @return the offset of the first byte that differs (the shorter file's size when one is a prefix
   *     of the other), or -1 when the contents are identical
   */
  long mismatch(String first, String second) throws IOException;

  /**
   * Renames {@code source} to {@code destination} atomically, replacing what is there (a file or
   * symlink, never a directory).
   */
  void rename(String source, String destination) throws IOException;

  /**
   * Deletes a file or symlink (the link itself), if present.
   *
   * @return whether something was deleted
   * @throws java.nio.file.FileSystemException if it is a directory: never deleted
   */
  boolean delete(String name) throws IOException;

  /**
   * Flushes the directory itself ({@code fsync} of its descriptor), making the names created,
   * renamed or removed in it durable. A failure is never retried.
   *
   * @return {@link FlushResult#NOT_SUPPORTED} when the backend cannot flush a directory
   */
  FlushResult sync() throws IOException;

  /** Releases the directory. */
  @Override
  void close() throws IOException;

  /**
   * A small file and what the descriptor it was read from was.
   *
   * @param bytes the whole content
   * @param file the {@code fstat} of that descriptor: owner, group, mode, size
   */
  record SmallFile(byte[] bytes, NodeState.RegularFile file) {}

  /**
   * How a new file is staged.
   *
   * @param provisionalName the name a backend that cannot create unnamed files writes it under
   *     (created exclusively): the final name for payloads, a temporary one for sidecars and
   *     restores. A backend that creates unnamed files ({@code O_TMPFILE}) ignores it.
   * @param sparse the copy may leave holes where the source has runs of zeros (payloads only: a
   *     restored file is written whole)
   * @param writeBehind the caller will flush the file: start writing it to disk while copying
   */
  record StageOptions(String provisionalName, boolean sparse, boolean writeBehind) {
    /** Plain: dense, no write-behind. */
    public static StageOptions named(String provisionalName) {
      return new StageOptions(provisionalName, false, false);
    }
  }
}
