package io.backupsidecar.adapter.fs;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.NodeState.FileMetadata;
import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.Hasher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link ArtifactStore} on {@code java.nio.file}; it works on whatever filesystem each
 * path belongs to.
 *
 * <p>Where the backend lacks a view, the store does what the view allows and no more: without
 * a settable {@code unix:mode} (Jimfs) only the rwx bits are applied and setuid, setgid and
 * sticky are dropped; without settable numeric owners (Jimfs's {@code unix} view is read-only)
 * the owner is left as it is, like a refused {@code chown}; without a {@code posix} view
 * (basic-only backends) files are created with the backend's default permissions and no mode
 * is applied.
 *
 * <p>A kind check with {@code lstat} precedes every open, so a FIFO is not opened; the JDK has
 * no {@code O_NONBLOCK} open, so a FIFO swapped in between that check and the open would still
 * block. Setting the mode and times with {@code NOFOLLOW_LINKS} also opens the file inside the
 * JDK; both are only done on a regular file the store has just checked.
 */
public final class NioArtifactStore implements ArtifactStore {

  /** Size of the buffer a hash reads through; see {@link HashingCopy#BUFFER_BYTES}. */
  static final int BUFFER_BYTES = HashingCopy.BUFFER_BYTES;

  private static final int PRIVATE = 0600;

  private final boolean writeBehind;

  /** Creates the store; it holds no state and no filesystem of its own. */
  public NioArtifactStore() {
    this(false);
  }

  private NioArtifactStore(boolean writeBehind) {
    this.writeBehind = writeBehind;
  }

  /**
   * A store whose large copies are written to disk while they are made (an {@code fdatasync}
   * every 32 MiB from another thread), for callers that flush every copy afterwards: the
   * flush then waits for little, and the disk works while the hash is computed. On a 1 GiB
   * snapshot the final flush went from 280 ms to a few ms. Without a later flush it only
   * costs writes, so the plain store is the default.
   */
  public static NioArtifactStore writingBehind() {
    return new NioArtifactStore(true);
  }

  @Override
  public List<String> list(Path directory) throws IOException {
    // The directory is resolved as the OS resolves it for the artifacts' own paths (a target
    // under /var/run -> /run lists /run); only final components of artifacts are never followed.
    if (!Files.readAttributes(directory, BasicFileAttributes.class).isDirectory()) {
      throw new NotDirectoryException(directory.toString());
    }
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        names.add(entry.getFileName().toString());
      }
    }
    return names;
  }

  @Override
  public Copied copyNew(
      Path source, NodeState.RegularFile expected, Path destination, Hasher hasher)
      throws IOException {
    return copy(source, expected, destination, hasher, false);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here a hole is left for every 256 KiB buffer of zero bytes read.
   */
  @Override
  public Copied copyNewSparse(
      Path source, NodeState.RegularFile expected, Path destination, Hasher hasher)
      throws IOException {
    return copy(source, expected, destination, hasher, true);
  }

  private Copied copy(Path source, NodeState.RegularFile expected, Path destination,
      Hasher hasher, boolean sparse) throws IOException {
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(hasher, "hasher");
    try (SeekableByteChannel in = openRegular(source, "copy", expected.fileKey())) {
      SeekableByteChannel out = createNew(destination, PRIVATE);
      try {
        Copied copied;
        try (out) {
          copied = HashingCopy.copy(in, out, hasher.newSession(), in.size(), sparse, writeBehind);
        }
        Xattrs.copy(source, destination);
        return copied;
      } catch (IOException | RuntimeException | Error e) {
        deleteAfterFailure(destination, e);
        throw e;
      }
    }
  }

  @Override
  public void createSymlinkNew(Path link, String destination) throws IOException {
    Objects.requireNonNull(destination, "destination");
    // getPath normalizes "a//b" and a trailing "/" away; everything else, relative or not, is
    // stored as given.
    Files.createSymbolicLink(link, link.getFileSystem().getPath(destination));
  }

  @Override
  public void createEmptyNew(Path file) throws IOException {
    createNew(file, PRIVATE).close();
  }

  @Override
  public void writeNew(Path file, byte[] bytes, int permissions) throws IOException {
    Objects.requireNonNull(bytes, "bytes");
    if (permissions < 0 || permissions > 07777) {
      throw new IllegalArgumentException(
          String.format("permissions (%o) must be between 0 and 07777", permissions));
    }
    SeekableByteChannel out = createNew(file, PRIVATE);
    try {
      try (out) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
      }
      // Created private and only then given its mode: the creation mode is filtered by the
      // umask, and the content must not be readable by others while incomplete.
      Metadata.setPermissions(file, permissions);
    } catch (IOException | RuntimeException | Error e) {
      deleteAfterFailure(file, e);
      throw e;
    }
  }

  @Override
  public byte[] readSmall(Path file, int maxBytes) throws IOException {
    if (maxBytes < 0) {
      throw new IllegalArgumentException(
          String.format("maxBytes (%d) must not be negative", maxBytes));
    }
    try (SeekableByteChannel in = openRegular(file, "read", null)) {
      long size = in.size();
      if (size > maxBytes) {
        throw tooLong(file, size, maxBytes);
      }
      // One byte of room beyond the limit notices a file that grew after size() was taken.
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min((long) maxBytes + 1, size + 1));
      while (buffer.hasRemaining()) {
        if (in.read(buffer) < 0) {
          break;
        }
        if (!buffer.hasRemaining() && buffer.capacity() <= maxBytes) {
          buffer = grow(buffer, maxBytes);
        }
      }
      if (buffer.position() > maxBytes) {
        throw tooLong(file, buffer.position(), maxBytes);
      }
      byte[] bytes = new byte[buffer.position()];
      buffer.flip().get(bytes);
      return bytes;
    }
  }

  @Override
  public ContentHash hash(Path file, Hasher hasher) throws IOException {
    Objects.requireNonNull(hasher, "hasher");
    try (SeekableByteChannel in = openRegular(file, "hash", null)) {
      Hasher.Session session = hasher.newSession();
      byte[] array = new byte[BUFFER_BYTES];
      ByteBuffer buffer = ByteBuffer.wrap(array);
      int n;
      while ((n = in.read(buffer.clear())) >= 0) {
        session.update(array, 0, n);
      }
      return session.finish();
    }
  }

  @Override
  public long mismatch(Path first, Path second) throws IOException {
    try (SeekableByteChannel a = openRegular(first, "compare", null);
        SeekableByteChannel b = openRegular(second, "compare", null)) {
      ByteBuffer left = ByteBuffer.allocate(BUFFER_BYTES);
      ByteBuffer right = ByteBuffer.allocate(BUFFER_BYTES);
      long offset = 0;
      while (true) {
        int n = fill(a, left);
        fill(b, right);
        int at = left.mismatch(right);
        if (at >= 0) {
          return offset + at;
        }
        if (n == 0) {
          return -1;
        }
        offset += n;
      }
    }
  }

  /** Reads until the buffer is full or the channel ends; returns the count, flipped. */
  private static int fill(SeekableByteChannel in, ByteBuffer buffer) throws IOException {
    buffer.clear();
    while (buffer.hasRemaining() && in.read(buffer) >= 0) {
      // keep reading: a channel may return fewer bytes than asked before its end
    }
    buffer.flip();
    return buffer.limit();
  }

  @Override
  public void applyMetadata(Path file, FileMetadata metadata) throws IOException {
    Objects.requireNonNull(metadata, "metadata");
    Lstat stat = Lstat.requireRegular(file, "apply metadata to");
    Metadata.changeOwner(file, metadata.uid(), metadata.gid(), stat);
    // The mtime goes before the mode although the port lists it last: chmod does not touch
    // mtime, so the result is the same, but the JDK sets times through a read descriptor, which
    // a final mode without owner read (e.g. 0200) would refuse to a non-root process.
    if (metadata.mtime() != null) {
      Files.getFileAttributeView(file, BasicFileAttributeView.class, NOFOLLOW_LINKS)
          .setTimes(FileTime.from(metadata.mtime()), null, null);
    }
    // After the owner: chown(2) clears setuid and setgid.
    Metadata.setPermissions(file, metadata.mode().permissions());
  }

  @Override
  public void moveAtomically(Path source, Path destination) throws IOException {
    Lstat from = Lstat.read(source);
    if (from.kind() == Lstat.Kind.DIRECTORY) {
      throw new FileSystemException(
          source.toString(), destination.toString(), "is a directory; this store never moves one");
    }
    Lstat to = Lstat.readOrNull(destination);
    if (to != null && to.kind() == Lstat.Kind.DIRECTORY) {
      throw new FileSystemException(
          source.toString(),
          destination.toString(),
          "the destination is a directory; this store never replaces one");
    }
    // With ATOMIC_MOVE the default provider ignores REPLACE_EXISTING and calls rename(2), which
    // replaces; REPLACE_EXISTING makes other providers (Jimfs) replace the same way.
    Files.move(source, destination, ATOMIC_MOVE, REPLACE_EXISTING);
  }

  @Override
  public boolean deleteIfPresent(Path path) throws IOException {
    Lstat stat = Lstat.readOrNull(path);
    if (stat == null) {
      return false;
    }
    if (stat.kind() == Lstat.Kind.DIRECTORY) {
      throw new FileSystemException(
          path.toString(), null, "is a directory; this store never deletes one");
    }
    return Files.deleteIfExists(path);
  }

  /**
   * Opens a regular file for reading, checking its kind before the open (so a FIFO is never
   * opened) and its identity after (so a file swapped in between is noticed).
   *
   * @param expectedKey the file key the caller saw, or {@code null} to only compare the keys
   *     before and after the open
   */
  private static SeekableByteChannel openRegular(Path file, String purpose, String expectedKey)
      throws IOException {
    Lstat before = Lstat.requireRegular(file, purpose);
    checkIdentity(file, expectedKey, before);
    SeekableByteChannel in = Files.newByteChannel(file, READ, NOFOLLOW_LINKS);
    try {
      Lstat after = Lstat.requireRegular(file, purpose);
      checkIdentity(file, expectedKey != null ? expectedKey : before.fileKey(), after);
      return in;
    } catch (IOException | RuntimeException | Error e) {
      try {
        in.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private static void checkIdentity(Path file, String expectedKey, Lstat actual)
      throws FileSystemException {
    if (expectedKey != null && !expectedKey.equals(actual.fileKey())) {
      throw new FileSystemException(
          file.toString(),
          null,
          String.format(
              "was replaced by another file since it was inspected (file key %s, expected %s)",
              actual.fileKey(), expectedKey));
    }
  }

  private static SeekableByteChannel createNew(Path file, int permissions) throws IOException {
    Set<OpenOption> options = Set.of(CREATE_NEW, WRITE, NOFOLLOW_LINKS);
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return Files.newByteChannel(
          file,
          options,
          PosixFilePermissions.asFileAttribute(Lstat.toPermissions(permissions)));
    }
    return Files.newByteChannel(file, options);
  }

  private static void deleteAfterFailure(Path file, Throwable failure) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static ByteBuffer grow(ByteBuffer full, int maxBytes) {
    int capacity = (int) Math.min((long) maxBytes + 1, Math.max(8192L, 2L * full.capacity()));
    return ByteBuffer.allocate(capacity).put(full.flip());
  }

  private static FileSystemException tooLong(Path file, long size, int maxBytes) {
    return new FileSystemException(
        file.toString(),
        null,
        String.format("is %d bytes or more, longer than the %d allowed", size, maxBytes));
  }

  /** Owner, group and permission changes through the best view the backend has. */
  static final class Metadata {

    private Metadata() {}

    static void changeOwner(Path file, Integer uid, Integer gid, Lstat current)
        throws IOException {
      Set<String> views = file.getFileSystem().supportedFileAttributeViews();
      if (views.contains("unix")) {
        changeNumeric(file, "unix:uid", uid, current.uid());
        changeNumeric(file, "unix:gid", gid, current.gid());
      } else if (views.contains("posix")) {
        changeByLookup(file, uid, gid);
      }
    }

    private static void changeNumeric(Path file, String attribute, Integer wanted, Integer now)
        throws IOException {
      if (wanted == null || wanted.equals(now)) {
        return;
      }
      try {
        Files.setAttribute(file, attribute, wanted, NOFOLLOW_LINKS);
      } catch (UnsupportedOperationException | IllegalArgumentException e) {
        // A unix view with read-only, synthetic ids (Jimfs): like an unprivileged process, the
        // store cannot give the file that owner, and the file keeps the one it has.
      } catch (FileSystemException e) {
        if (!isPermissionRefusal(e)) {
          throw e;
        }
      }
    }

    // Without numeric ids the backend's principals are looked up by the number as a name, the
    // convention of the default provider (which accepts numeric names).
    private static void changeByLookup(Path file, Integer uid, Integer gid) throws IOException {
      UserPrincipalLookupService lookup = file.getFileSystem().getUserPrincipalLookupService();
      PosixFileAttributeView view =
          Files.getFileAttributeView(file, PosixFileAttributeView.class, NOFOLLOW_LINKS);
      try {
        if (uid != null) {
          var owner = lookup.lookupPrincipalByName(String.valueOf(uid));
          if (!owner.equals(view.getOwner())) {
            view.setOwner(owner);
          }
        }
        if (gid != null) {
          var group = lookup.lookupPrincipalByGroupName(String.valueOf(gid));
          if (!group.equals(view.readAttributes().group())) {
            view.setGroup(group);
          }
        }
      } catch (FileSystemException e) {
        if (!isPermissionRefusal(e)) {
          throw e;
        }
      }
    }

    static void setPermissions(Path file, int permissions) throws IOException {
      Set<String> views = file.getFileSystem().supportedFileAttributeViews();
      if (views.contains("unix")) {
        try {
          Files.setAttribute(file, "unix:mode", permissions & 07777, NOFOLLOW_LINKS);
          return;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
          // Read-only unix view (Jimfs): fall through to the rwx bits.
        }
      }
      // A basic-only backend has no permissions to set: nothing to do there.
      if (views.contains("posix")) {
        Files.getFileAttributeView(file, PosixFileAttributeView.class, NOFOLLOW_LINKS)
            .setPermissions(Lstat.toPermissions(permissions));
      }
    }

    /** Whether the failure is the OS refusing an unprivileged process (EPERM or EACCES). */
    static boolean isPermissionRefusal(FileSystemException e) {
      if (e instanceof AccessDeniedException) {
        return true;
      }
      String reason = e.getReason() == null ? "" : e.getReason().toLowerCase(Locale.ROOT);
      // EPERM has no NIO subtype: the JDK reports it as a plain FileSystemException whose
      // reason is the strerror text.
      return reason.contains("operation not permitted");
    }
  }
}
