package io.backupsidecar.adapter.fs;

import io.backupsidecar.domain.model.BackupName;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.ExtendedAttributes;
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.Hasher;
import io.backupsidecar.domain.port.NodeInspector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;

/**
 * The {@link ArtifactDirectory} on NIO: a directory resolved once and held (see {@link
 * HeldDirectory}), as safe as NIO allows. NIO cannot open with {@code O_NONBLOCK}, so a kind check
 * by {@code fstatat} precedes every open (a FIFO is not opened) and a FIFO swapped in between that
 * check and the open would still block; it cannot {@code fstat} or {@code fchown} an open file, so
 * identity is checked by file key before and after an open (see {@link SafeChannels}), and metadata
 * is applied by name (see {@link NioStagedFile}). Only {@code user.*} xattrs are visible.
 */
final class NioArtifactDirectory implements ArtifactDirectory {

  private static final NodeInspector INSPECTOR = new NioNodeInspector();

  private final Path path;
  private final HeldDirectory held;
  private final SafeChannels files;

  NioArtifactDirectory(Path path, HeldDirectory held) {
    this.path = path;
    this.held = held;
    this.files = new SafeChannels(held);
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public List<String> list() throws IOException {
    return held.list();
  }

  @Override
  public NodeState inspect(String name) throws IOException {
    return INSPECTOR.inspect(held.path(checkName(name)));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here the copy is written under {@code options.provisionalName()}, and with {@code sparse} a
   * hole is left for every 256 KiB buffer of zero bytes read.
   */
  @Override
  public NioStagedFile stageCopy(
      String source, NodeState.RegularFile expected, Hasher hasher, StageOptions options)
      throws IOException {
    return stageCopyFrom(this, source, expected, hasher, options);
  }

  @Override
  public NioStagedFile stageCopyFrom(
      ArtifactDirectory from,
      String source,
      NodeState.RegularFile expected,
      Hasher hasher,
      StageOptions options)
      throws IOException {
    if (!(from instanceof NioArtifactDirectory origin)) {
      throw new IllegalArgumentException(
          "the source directory was not opened by this store: " + from.path());
    }
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(hasher, "hasher");
    String provisional = checkName(options.provisionalName());
    try (SeekableByteChannel in =
        origin.files.openRegular(checkName(source), "copy", expected.fileKey())) {
      ExtendedAttributes xattrs = origin.files.xattrs(source, "copy", expected.fileKey());
      NioStagedFile staged = NioStagedFile.create(held, provisional);
      try {
        Copied copied =
            HashingCopy.copy(
                in,
                staged.channel(),
                hasher.newSession(),
                in.size(),
                options.sparse(),
                options.writeBehind());
        staged.written(new Copied(copied.bytes(), copied.hash(), copied.hashNanos(), xattrs));
        return staged;
      } catch (IOException | RuntimeException | Error e) {
        Closing.quietly(staged, e);
        throw e;
      }
    }
  }

  @Override
  public NioStagedFile stageBytes(byte[] bytes, int permissions, StageOptions options)
      throws IOException {
    Objects.requireNonNull(bytes, "bytes");
    if (permissions < 0 || permissions > 07777) {
      throw new IllegalArgumentException(
          String.format("permissions (%o) must be between 0 and 07777", permissions));
    }
    NioStagedFile staged = NioStagedFile.create(held, checkName(options.provisionalName()));
    try {
      Hasher.Session session = new Sha256Hasher().newSession();
      session.update(bytes, 0, bytes.length);
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        staged.channel().write(buffer);
      }
      staged.written(new Copied(bytes.length, session.finish(), 0));
      // Created private and only then given its mode: the creation mode is filtered by the
      // umask, and the content must not be readable by others while incomplete.
      staged.permissions(permissions);
      return staged;
    } catch (IOException | RuntimeException | Error e) {
      Closing.quietly(staged, e);
      throw e;
    }
  }

  @Override
  public void createSymlink(String name, String destination) throws IOException {
    Objects.requireNonNull(destination, "destination");
    // NIO has no symlinkat: by path under the resolved directory. getPath normalizes "a//b"
    // and a trailing "/" away; everything else, relative or not, is stored as given.
    Files.createSymbolicLink(held.path(checkName(name)), path.getFileSystem().getPath(destination));
  }

  @Override
  public SmallFile readSmall(String name, int maxBytes) throws IOException {
    return Reads.read(held, checkName(name), maxBytes);
  }

  @Override
  public SeekableByteChannel openRead(String name) throws IOException {
    return files.openRegular(checkName(name), "read", null);
  }

  @Override
  public ContentHash hash(String name, Hasher hasher) throws IOException {
    Objects.requireNonNull(hasher, "hasher");
    try (SeekableByteChannel in = files.openRegular(checkName(name), "hash", null)) {
      return Reads.hash(in, hasher);
    }
  }

  @Override
  public ExtendedAttributes xattrs(String name) throws IOException {
    String purpose = "read the extended attributes of";
    Object key = files.regular(checkName(name), purpose).fileKey();
    return files.xattrs(name, purpose, Lstat.fileKeyString(key));
  }

  @Override
  public long mismatch(String first, String second) throws IOException {
    try (SeekableByteChannel a = files.openRegular(checkName(first), "compare", null);
        SeekableByteChannel b = files.openRegular(checkName(second), "compare", null)) {
      return Reads.mismatch(a, b);
    }
  }

  @Override
  public void rename(String source, String destination) throws IOException {
    BasicFileAttributes from = held.statOrNull(checkName(source));
    if (from == null) {
      throw new java.nio.file.NoSuchFileException(held.path(source).toString());
    }
    if (from.isDirectory()) {
      throw new FileSystemException(
          held.path(source).toString(),
          held.path(destination).toString(),
          "is a directory; this store never moves one");
    }
    refuseDirectory(held, checkName(destination), "rename onto");
    held.move(source, destination);
  }

  @Override
  public boolean delete(String name) throws IOException {
    BasicFileAttributes stat = held.statOrNull(checkName(name));
    if (stat == null) {
      return false;
    }
    if (stat.isDirectory()) {
      throw new FileSystemException(
          held.path(name).toString(), null, "is a directory; this store never deletes one");
    }
    try {
      held.deleteFile(name);
      return true;
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    }
  }

  @Override
  public FlushResult sync() throws IOException {
    return held.sync();
  }

  @Override
  public void close() throws IOException {
    held.close();
  }

  /** Checks that {@code name} is one path component; returns it. */
  static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!BackupName.isFileName(name)) {
      throw new IllegalArgumentException(
          String.format(
              "name (%s) must be one path component: not empty, '.' or '..', without '/'", name));
    }
    return name;
  }

  /** Fails if {@code name} is a directory: this store never replaces one. */
  static void refuseDirectory(HeldDirectory held, String name, String purpose) throws IOException {
    BasicFileAttributes to = held.statOrNull(name);
    if (to != null && to.isDirectory()) {
      throw new FileSystemException(
          held.path(name).toString(),
          null,
          "is a directory; this store never tries to " + purpose + " one");
    }
  }
}
