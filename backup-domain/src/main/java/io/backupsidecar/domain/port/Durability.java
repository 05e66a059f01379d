package io.backupsidecar.domain.port;

import io.backupsidecar.domain.model.FlushResult;
import java.io.IOException;
import java.util.List;

/**
 * Decides how new files and directories are flushed to stable storage, and says honestly when they
 * cannot be. The flush itself is done by the handle ({@link StagedFile#sync}, {@link
 * ArtifactDirectory#sync}): this port chooses the strategy (one after another, concurrently) and
 * whether copies are written to disk while they are made.
 *
 * <p>A failed flush is an {@link IOException} and must never be retried by anyone: after a failed
 * {@code fsync} the kernel may have dropped the dirty pages, so a second call can report success
 * for data that is gone.
 */
public interface Durability {

  /**
   * Flushes several new files. The default flushes them one after another; an adapter may flush
   * them concurrently where the filesystem batches flushes.
   *
   * @return {@link FlushResult#FLUSHED} only if every file was flushed
   * @throws IOException when any flush failed (the others may or may not have happened)
   */
  default FlushResult flushFiles(List<? extends StagedFile> files) throws IOException {
    FlushResult result = FlushResult.FLUSHED;
    for (StagedFile file : files) {
      result = result.and(file.sync());
    }
    return result;
  }

  /**
   * Flushes a directory, making the names created, renamed or removed in it durable.
   *
   * @throws IOException when the flush was attempted and failed
   */
  default FlushResult flushDirectory(ArtifactDirectory directory) throws IOException {
    return directory.sync();
  }

  /**
   * Whether copies that will be flushed should be written to disk while they are made ({@link
   * ArtifactDirectory.StageOptions#writeBehind}): the final flush then waits for little.
   */
  default boolean writesBehind() {
    return false;
  }
}
