package io.backupsidecar.adapter.fs;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.ArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * The {@link ArtifactStore} on {@code java.nio.file}, for any NIO filesystem (the default one on
 * JDK 17-21, Jimfs, providers that wrap another): as safe as NIO allows.
 *
 * <p>{@link #open} resolves the directory once ({@code toRealPath}: symlinked directories on the
 * way are followed, as the OS resolves them) and holds it: where the provider offers a {@link
 * java.nio.file.SecureDirectoryStream} (the default provider on Linux, Jimfs) files are opened,
 * inspected for kind and identity, deleted and renamed relative to the directory held open;
 * elsewhere by path under the resolved directory. What NIO can do only by path (hard and symbolic
 * links, numeric owners, setuid/setgid/sticky, extended attributes, times) is done by path under
 * the resolved directory, never following the final name.
 *
 * <p>The limits of NIO, which the POSIX backend (JDK 22+, by file descriptor) does not have: no
 * {@code O_NONBLOCK} open (a FIFO swapped in between a kind check and an open blocks), no {@code
 * fstat}, {@code fchown} or {@code fsetxattr} of an open file (metadata is applied by name, checked
 * by file key just before), no unnamed files (new files are created exclusively under a provisional
 * name, private), and only {@code user.*} extended attributes. So that no other user can exploit
 * the gap between two calls by name, a store running as root refuses a directory another user can
 * write (like sshd's StrictModes), unless built with {@link #allowingSharedDirectories()}.
 */
public final class NioArtifactStore implements ArtifactStore {

  private final StrictModes strictModes;

  /**
   * Creates the store; it holds no filesystem of its own. Running as root, it refuses a directory
   * of the platform filesystem that another user can write.
   */
  public NioArtifactStore() {
    this(StrictModes.enforced());
  }

  NioArtifactStore(StrictModes strictModes) {
    this.strictModes = Objects.requireNonNull(strictModes, "strictModes");
  }

  /**
   * A store that acts as root even in a directory another user can write (group- or world-writable,
   * or owned by another user). That user can then swap names between two of the store's calls and
   * so, for example, have a file of theirs given root's owner and mode: use it only where every
   * user who can write such directories is trusted.
   */
  public static NioArtifactStore allowingSharedDirectories() {
    return new NioArtifactStore(StrictModes.off());
  }

  /**
   * {@inheritDoc}
   *
   * @throws io.backupsidecar.domain.model.UnsafeDirectoryException when the process runs as root
   *     and another user can write the directory (unless {@link #allowingSharedDirectories()})
   */
  @Override
  public ArtifactDirectory open(Path directory) throws IOException {
    Path resolved = directory.toRealPath();
    BasicFileAttributes attrs =
        Files.readAttributes(resolved, BasicFileAttributes.class, NOFOLLOW_LINKS);
    if (!attrs.isDirectory()) {
      throw new NotDirectoryException(directory.toString());
    }
    HeldDirectory held = HeldDirectory.open(resolved, attrs.fileKey());
    try {
      strictModes.check(resolved, attrs.fileKey());
      return new NioArtifactDirectory(directory, held);
    } catch (IOException | RuntimeException | Error e) {
      Closing.quietly(held, e);
      throw e;
    }
  }
}
