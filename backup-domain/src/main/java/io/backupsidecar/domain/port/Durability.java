package io.backupsidecar.domain.port;

import io.backupsidecar.domain.model.FlushResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Flushes files and directories to stable storage, and says honestly when it cannot.
 *
 * <p>A failed flush is an {@link IOException} and must never be retried by anyone: after a
 * failed {@code fsync} the kernel may have dropped the dirty pages, so a second call can
 * report success for data that is gone.
 */
public interface Durability {

  /**
   * Flushes a regular file's data and metadata ({@code fsync}).
   *
   * @return {@link FlushResult#FLUSHED}, or {@link FlushResult#NOT_SUPPORTED} when the
   *     backend has no stable storage to flush to
   * @throws IOException when the flush was attempted and failed
   */
  FlushResult flushFile(Path file) throws IOException;

  /**
   * Flushes a directory, making the names created, renamed or removed in it durable.
   *
   * @return {@link FlushResult#FLUSHED}, or {@link FlushResult#NOT_SUPPORTED} when the
   *     backend cannot flush a directory
   * @throws IOException when the flush was attempted and failed
   */
  FlushResult flushDirectory(Path directory) throws IOException;

  /**
   * Flushes several regular files. Adapters may flush them concurrently where the filesystem
   * batches flushes; the default flushes them one after another.
   *
   * @return {@link FlushResult#FLUSHED} only if every file was flushed
   * @throws IOException when any flush failed (the others may or may not have happened)
   */
  default FlushResult flushFiles(List<Path> files) throws IOException {
    FlushResult result = FlushResult.FLUSHED;
    for (Path file : files) {
      result = result.and(flushFile(file));
    }
    return result;
  }
}
