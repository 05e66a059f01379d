package io.backupsidecar.adapter.fs;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.model.NodeState.FileMetadata;
import io.backupsidecar.domain.port.StagedFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link StagedFile} on NIO, which cannot make unnamed files: the file is created exclusively
 * ({@code CREATE_NEW}, no-follow, 0600) under its provisional name and holds its channel until
 * closed. Its content is written and flushed through that channel; owner, mode, xattrs and mtime
 * can only be applied by name (NIO has no {@code fchown}, {@code fchmod} or {@code fsetxattr}), so
 * every step by name first checks that the name is still the file this process created (same file
 * key): a swap is refused, though one between that check and the step is not seen.
 */
final class NioStagedFile implements StagedFile {

  private static final Set<OpenOption> CREATE = Set.of(CREATE_NEW, WRITE, NOFOLLOW_LINKS);

  private final HeldDirectory directory;
  private final String provisional;
  private final SeekableByteChannel channel;
  private final Object fileKey;
  private Copied copied;
  private String name;

  private NioStagedFile(
      HeldDirectory directory, String provisional, SeekableByteChannel channel, Object fileKey) {
    this.directory = directory;
    this.provisional = provisional;
    this.channel = channel;
    this.fileKey = fileKey;
  }

  /** Creates the file, private, exclusively under {@code provisional}. */
  static NioStagedFile create(HeldDirectory directory, String provisional) throws IOException {
    SeekableByteChannel channel = directory.open(provisional, CREATE, privateMode(directory));
    try {
      BasicFileAttributes created = directory.statOrNull(provisional);
      if (created == null || !created.isRegularFile()) {
        throw new FileSystemException(
            directory.path(provisional).toString(),
            null,
            "was removed or replaced right after this process created it");
      }
      NioStagedFile staged = new NioStagedFile(directory, provisional, channel, created.fileKey());
      staged.makePrivate();
      return staged;
    } catch (IOException | RuntimeException | Error e) {
      Closing.quietly(channel, e);
      throw e;
    }
  }

  private static FileAttribute<?>[] privateMode(HeldDirectory directory) {
    if (directory.resolved.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(Lstat.toPermissions(0600))
      };
    }
    return new FileAttribute<?>[0];
  }

  // The creation mode is filtered by the umask and ignored by some providers (Jimfs's secure
  // stream): where the file came out readable by others, it is made 0600 before any content.
  private void makePrivate() throws IOException {
    Path path = directory.path(provisional);
    if (path.getFileSystem().supportedFileAttributeViews().contains("posix")
        && (checkOwn(path).permissions() & 0077) != 0) {
      Metadata.setPermissions(path, 0600);
    }
  }

  /** Sets the permission bits of the file before it is named (sidecars). */
  void permissions(int permissions) throws IOException {
    Path path = directory.path(current());
    checkOwn(path);
    Metadata.setPermissions(path, permissions);
  }

  /** The channel the content is written through. */
  SeekableByteChannel channel() {
    return channel;
  }

  /** Records what was written. */
  void written(Copied copied) {
    this.copied = Objects.requireNonNull(copied, "copied");
  }

  @Override
  public Copied copied() {
    return copied;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here by name (see the class comment), and only the {@code user.*} attributes can be applied:
   * every other name is returned. A mode without owner read (0200) is set last, since the JDK
   * applies xattrs and times through a descriptor it opens for reading.
   */
  @Override
  public List<String> complete(FileMetadata metadata) throws IOException {
    Objects.requireNonNull(metadata, "metadata");
    Path path = directory.path(current());
    Lstat stat = checkOwn(path);
    Metadata.changeOwner(path, metadata.uid(), metadata.gid(), stat);
    // After the owner: chown(2) clears setuid and setgid.
    int mode = metadata.mode().permissions();
    boolean ownerReads = (mode & 0400) != 0;
    Metadata.setPermissions(path, ownerReads ? mode : mode | 0400);
    List<String> notApplied = Xattrs.write(path, copied.xattrs());
    if (metadata.mtime() != null) {
      Metadata.setMtime(path, metadata.mtime());
    }
    if (!ownerReads) {
      Metadata.setPermissions(path, mode);
    }
    return List.copyOf(notApplied);
  }

  @Override
  public FlushResult sync() throws IOException {
    if (!(channel instanceof FileChannel file)) {
      return FlushResult.NOT_SUPPORTED;
    }
    file.force(true);
    return FlushResult.FLUSHED;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here a hard link from the provisional name, which is then removed; where the filesystem has
   * no hard links, a rename after checking that the name is free (another process could take the
   * name between the two there).
   */
  @Override
  public void link(String name) throws IOException {
    NioArtifactDirectory.checkName(name);
    String current = current();
    if (name.equals(current)) {
      this.name = name;
      return;
    }
    checkOwn(directory.path(current));
    try {
      Files.createLink(directory.path(name), directory.path(current));
    } catch (UnsupportedOperationException e) {
      renameIfFree(current, name);
      this.name = name;
      return;
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (FileSystemException e) {
      if (!Xattrs.isUnsupported(e) && !Metadata.isPermissionRefusal(e)) {
        throw e;
      }
      renameIfFree(current, name);
      this.name = name;
      return;
    }
    this.name = name;
    directory.deleteFile(current);
  }

  private void renameIfFree(String current, String name) throws IOException {
    if (directory.statOrNull(name) != null) {
      throw new FileAlreadyExistsException(directory.path(name).toString());
    }
    directory.move(current, name);
  }

  @Override
  public void replace(String name) throws IOException {
    NioArtifactDirectory.checkName(name);
    String current = current();
    if (!name.equals(current)) {
      checkOwn(directory.path(current));
      NioArtifactDirectory.refuseDirectory(directory, name, "replace");
      directory.move(current, name);
    }
    this.name = name;
  }

  /** Closes the channel; removes the provisional name if the file was never named. */
  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      if (name == null) {
        BasicFileAttributes now = directory.statOrNull(provisional);
        // Only this process's file: a name taken over meanwhile is not this file's to remove.
        if (now != null && Objects.equals(now.fileKey(), fileKey)) {
          directory.deleteFile(provisional);
        }
      }
    }
  }

  private String current() {
    return name != null ? name : provisional;
  }

  private Lstat checkOwn(Path path) throws IOException {
    Lstat stat = Lstat.read(path);
    if (!Objects.equals(stat.fileKey(), Lstat.fileKeyString(fileKey))) {
      throw new FileSystemException(
          path.toString(),
          null,
          String.format(
              "is no longer the file this process created (file key %s, created %s); refusing to"
                  + " act on it",
              stat.fileKey(), fileKey));
    }
    return stat;
  }
}
