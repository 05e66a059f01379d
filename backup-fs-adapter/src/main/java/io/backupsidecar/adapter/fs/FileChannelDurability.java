package io.backupsidecar.adapter.fs;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardOpenOption.READ;

import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.port.Durability;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The {@link Durability} on {@link FileChannel#force(boolean)}, honest about backends that
 * have no stable storage: {@link #durable()} really flushes, {@link #memoryOnly()} says it
 * cannot.
 *
 * <p>A failed flush propagates as the {@link IOException} the OS gave and is never retried:
 * after a failed {@code fsync} the kernel may have dropped the dirty pages, so a retry could
 * report success for data that is gone.
 */
public final class FileChannelDurability implements Durability {

  private static final FileChannelDurability DURABLE = new FileChannelDurability(true);
  private static final FileChannelDurability MEMORY_ONLY = new FileChannelDurability(false);

  private final boolean flushes;

  private FileChannelDurability(boolean flushes) {
    this.flushes = flushes;
  }

  /** Flushes with {@code fsync} through {@code FileChannel.force(true)}, files and directories. */
  public static FileChannelDurability durable() {
    return DURABLE;
  }

  /**
   * Flushes nothing and reports {@link FlushResult#NOT_SUPPORTED}: for in-memory backends such
   * as Jimfs, which cannot open a directory for flushing and whose {@code force} proves nothing.
   */
  public static FileChannelDurability memoryOnly() {
    return MEMORY_ONLY;
  }

  /**
   * {@link #durable()} for a filesystem of the {@code file} scheme (the platform's), {@link
   * #memoryOnly()} for any other provider.
   */
  public static FileChannelDurability forFileSystem(FileSystem fileSystem) {
    Objects.requireNonNull(fileSystem, "fileSystem");
    return "file".equals(fileSystem.provider().getScheme()) ? DURABLE : MEMORY_ONLY;
  }

  @Override
  public FlushResult flushFile(Path file) throws IOException {
    if (!flushes) {
      return FlushResult.NOT_SUPPORTED;
    }
    // NOFOLLOW_LINKS: the flush is of the file named, never of a symlink's target.
    try (FileChannel channel = FileChannel.open(file, READ, NOFOLLOW_LINKS)) {
      channel.force(true);
    }
    return FlushResult.FLUSHED;
  }

  @Override
  public FlushResult flushDirectory(Path directory) throws IOException {
    if (!flushes) {
      return FlushResult.NOT_SUPPORTED;
    }
    // Linux (and the other Unixes the JDK supports) open a directory read-only and fsync it.
    try (FileChannel channel = FileChannel.open(directory, READ)) {
      channel.force(true);
    }
    return FlushResult.FLUSHED;
  }

  @Override
  public FlushResult flushFiles(List<Path> files) throws IOException {
    if (!flushes) {
      return FlushResult.NOT_SUPPORTED;
    }
    return ConcurrentFlush.flushAll(files, this::flushFile);
  }

  @Override
  public String toString() {
    return flushes ? "FileChannelDurability.durable()" : "FileChannelDurability.memoryOnly()";
  }
}
