package io.backupsidecar.domain.contract;

import io.backupsidecar.domain.model.ExtendedAttributes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Lays out nodes in the directory a contract test opens and reads them back, without the store
 * under test: each backend implements it on its own terms (NIO on a real or a Jimfs directory, the
 * domain's in-memory tree, ...). Names are single components inside {@link #directory()}. Reads
 * never follow a final symlink.
 */
public interface NodeFixture {

  /** The directory the store under test opens. */
  Path directory();

  /**
   * Creates a regular file holding exactly {@code bytes}, with the permission bits {@code mode}
   * (07777; bits the backend cannot hold, like setuid on Jimfs, are dropped).
   */
  void file(String name, byte[] bytes, int mode) throws IOException;

  /** Creates an empty directory. */
  void subdirectory(String name) throws IOException;

  /** Creates a symlink holding exactly {@code destination}. */
  void symlink(String name, String destination) throws IOException;

  /** Creates a FIFO; only called when {@link #fifos()}. */
  void fifo(String name) throws IOException;

  /** Sets an extended attribute by full name ({@code user.origin}). */
  void xattr(String name, String xattr, byte[] value) throws IOException;

  /** Sets the last-modified time of a file. */
  void mtime(String name, Instant mtime) throws IOException;

  /** Sets the last-access time of a file. */
  void atime(String name, Instant atime) throws IOException;

  /**
   * Puts another file (another inode) holding {@code bytes} at {@code name}, as another process
   * renaming its own file over it would.
   */
  void swap(String name, byte[] bytes) throws IOException;

  /** Removes a file or symlink. */
  void delete(String name) throws IOException;

  /** The bytes of a regular file. */
  byte[] bytes(String name) throws IOException;

  /** The permission bits (07777) of a regular file. */
  int mode(String name) throws IOException;

  /** The owner's uid, or {@code null} where the backend has no numeric owners. */
  Integer uid(String name) throws IOException;

  /** The group's gid, or {@code null} where the backend has no numeric owners. */
  Integer gid(String name) throws IOException;

  /** The last-modified time. */
  Instant mtime(String name) throws IOException;

  /** The last-access time. */
  Instant atime(String name) throws IOException;

  /** The extended attributes the fixture can see, by full name. */
  ExtendedAttributes xattrs(String name) throws IOException;

  /** The destination of a symlink, or {@code null} when {@code name} is not a symlink. */
  String symlinkDestination(String name) throws IOException;

  /** Whether something (of any kind) is at {@code name}. */
  boolean exists(String name) throws IOException;

  /** Whether a directory is at {@code name}. */
  boolean isDirectory(String name) throws IOException;

  /** The names in the directory, in any order. */
  List<String> names() throws IOException;

  // ---- what the backend can hold

  /** Whether the backend stores rwx permission bits. */
  boolean permissions();

  /** Whether the backend stores setuid, setgid and sticky. */
  boolean specialBits();

  /** Whether the store may give a file another owner here (root on a real filesystem). */
  boolean chowns();

  /** Whether the backend has FIFOs. */
  boolean fifos();

  /** Whether the backend keeps user extended attributes. */
  boolean userXattrs();

  /** Whether a flush of the directory or of a file reaches storage ({@code FLUSHED}). */
  boolean flushes();
}
