package io.backupsidecar.adapter.fs;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.READ;

import io.backupsidecar.domain.model.FlushResult;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A directory resolved once, and the few operations NIO can do relative to it: open, stat, delete,
 * rename, list and flush a name. Where the provider offers a {@link SecureDirectoryStream} (the
 * default Linux provider: {@code openat}, {@code fstatat}, {@code unlinkat}, {@code renameat} on
 * the held descriptor; Jimfs) these act on the directory held open; elsewhere (providers that wrap
 * another) by path under the resolved directory.
 *
 * <p>What NIO cannot do relative to a descriptor (hard links, symlinks, numeric owners, special
 * mode bits, extended attributes, times) goes through {@link #path(String)}: by path under the
 * resolved directory, never following the final component.
 */
abstract sealed class HeldDirectory implements AutoCloseable
    permits HeldDirectory.Secure, HeldDirectory.ByPath {

  /** The resolved directory (no symlink in it). */
  final Path resolved;

  private HeldDirectory(Path resolved) {
    this.resolved = resolved;
  }

  /**
   * Opens {@code resolved} (a path without symlinks, just read as a directory with file key {@code
   * key}): held by a secure stream where the provider has one, and then checked to be that same
   * directory.
   */
  static HeldDirectory open(Path resolved, Object key) throws IOException {
    DirectoryStream<Path> stream = Files.newDirectoryStream(resolved);
    if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
      stream.close();
      return new ByPath(resolved);
    }
    Secure held = new Secure(resolved, secure);
    try {
      Object heldKey = held.own().fileKey();
      if (key != null && !key.equals(heldKey)) {
        throw new FileSystemException(
            resolved.toString(),
            null,
            "was replaced by another directory while it was opened; try again");
      }
      return held;
    } catch (IOException | RuntimeException | Error e) {
      Closing.quietly(held, e);
      throw e;
    }
  }

  /** The path of {@code name} under the resolved directory, for what NIO does only by path. */
  final Path path(String name) {
    return resolved.resolve(name);
  }

  /** Opens {@code name} with the given options (callers always pass NOFOLLOW_LINKS). */
  abstract SeekableByteChannel open(
      String name, Set<? extends OpenOption> options, FileAttribute<?>... attributes)
      throws IOException;

  /** {@code fstatat(dir, name, AT_SYMLINK_NOFOLLOW)}; {@code null} when nothing is there. */
  abstract BasicFileAttributes statOrNull(String name) throws IOException;

  /** Unlinks a non-directory ({@code unlinkat} without {@code AT_REMOVEDIR}). */
  abstract void deleteFile(String name) throws IOException;

  /** Renames atomically, replacing a non-directory at {@code target}. */
  abstract void move(String source, String target) throws IOException;

  /** The names of the entries. */
  abstract List<String> list() throws IOException;

  /** Flushes the directory itself. */
  abstract FlushResult sync() throws IOException;

  @Override
  public abstract void close() throws IOException;

  /** Acts relative to a {@link SecureDirectoryStream} held open. */
  static final class Secure extends HeldDirectory {
    private final SecureDirectoryStream<Path> stream;
    private final Path self;
    private final boolean platform;

    Secure(Path resolved, SecureDirectoryStream<Path> stream) {
      super(resolved);
      this.stream = stream;
      this.self = resolved.getFileSystem().getPath(".");
      this.platform = "file".equals(resolved.getFileSystem().provider().getScheme());
    }

    BasicFileAttributes own() throws IOException {
      return stream.getFileAttributeView(BasicFileAttributeView.class).readAttributes();
    }

    private Path name(String name) {
      return resolved.getFileSystem().getPath(name);
    }

    @Override
    SeekableByteChannel open(
        String name, Set<? extends OpenOption> options, FileAttribute<?>... attributes)
        throws IOException {
      return stream.newByteChannel(name(name), options, attributes);
    }

    @Override
    BasicFileAttributes statOrNull(String name) throws IOException {
      try {
        return stream
            .getFileAttributeView(name(name), BasicFileAttributeView.class, NOFOLLOW_LINKS)
            .readAttributes();
      } catch (NoSuchFileException e) {
        return null;
      }
    }

    @Override
    void deleteFile(String name) throws IOException {
      stream.deleteFile(name(name));
    }

    @Override
    void move(String source, String target) throws IOException {
      if (platform) {
        // renameat(2) on the held descriptor: moves a symlink as a link, replaces the target.
        stream.move(name(source), stream, name(target));
      } else {
        // Jimfs's secure move follows a symlink at the source and refuses an existing target:
        // there the rename is an atomic move by path, which does neither.
        Files.move(path(source), path(target), ATOMIC_MOVE, REPLACE_EXISTING);
      }
    }

    @Override
    List<String> list() throws IOException {
      // A stream iterates once: each listing opens the held directory again, relative to it.
      List<String> names = new ArrayList<>();
      try (DirectoryStream<Path> entries = stream.newDirectoryStream(self, NOFOLLOW_LINKS)) {
        for (Path entry : entries) {
          names.add(entry.getFileName().toString());
        }
      }
      return names;
    }

    @Override
    FlushResult sync() throws IOException {
      if (!platform) {
        // Jimfs cannot open a directory as a channel, and has no storage to flush.
        return FlushResult.NOT_SUPPORTED;
      }
      try (SeekableByteChannel channel = stream.newByteChannel(self, Set.of(READ))) {
        ((FileChannel) channel).force(true);
      }
      return FlushResult.FLUSHED;
    }

    @Override
    public void close() throws IOException {
      stream.close();
    }
  }

  /** Acts by path under the resolved directory: for providers without a secure stream. */
  static final class ByPath extends HeldDirectory {

    ByPath(Path resolved) {
      super(resolved);
    }

    @Override
    SeekableByteChannel open(
        String name, Set<? extends OpenOption> options, FileAttribute<?>... attributes)
        throws IOException {
      return Files.newByteChannel(path(name), options, attributes);
    }

    @Override
    BasicFileAttributes statOrNull(String name) throws IOException {
      try {
        return Files.readAttributes(path(name), BasicFileAttributes.class, NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        return null;
      }
    }

    @Override
    void deleteFile(String name) throws IOException {
      Files.delete(path(name));
    }

    @Override
    void move(String source, String target) throws IOException {
      // With ATOMIC_MOVE the default provider ignores REPLACE_EXISTING and calls rename(2),
      // which replaces; REPLACE_EXISTING makes other providers replace the same way.
      Files.move(path(source), path(target), ATOMIC_MOVE, REPLACE_EXISTING);
    }

    @Override
    List<String> list() throws IOException {
      List<String> names = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(resolved)) {
        for (Path entry : entries) {
          names.add(entry.getFileName().toString());
        }
      }
      return names;
    }

    @Override
    FlushResult sync() throws IOException {
      // Linux (and the other Unixes the JDK supports) open a directory read-only and fsync it.
      try (FileChannel channel = FileChannel.open(resolved, READ, NOFOLLOW_LINKS)) {
        channel.force(true);
      }
      return FlushResult.FLUSHED;
    }

    @Override
    public void close() {
      // nothing held
    }
  }
}
