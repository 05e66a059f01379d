package io.backupsidecar.adapter.fs.posix;

import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.port.Durability;
import io.backupsidecar.domain.port.StagedFile;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * The {@link Durability} of the POSIX backend: files are flushed by their descriptors ({@code
 * fsync}), several at once on their own threads (a journaling filesystem commits them in fewer
 * transactions), and copies are written to disk while they are made ({@code sync_file_range}), so
 * the final flush waits for little. No flush is ever retried.
 */
final class PosixDurability implements Durability {

  /** Flushes beyond this many run in turns: more threads only queue in the same journal. */
  static final int MAX_CONCURRENT = 8;

  @Override
  public FlushResult flushFiles(List<? extends StagedFile> files) throws IOException {
    if (files.size() <= 1) {
      return Durability.super.flushFiles(files);
    }
    FlushResult result = FlushResult.FLUSHED;
    for (int from = 0; from < files.size(); from += MAX_CONCURRENT) {
      List<? extends StagedFile> batch =
          files.subList(from, Math.min(files.size(), from + MAX_CONCURRENT));
      result = result.and(flushConcurrently(batch));
    }
    return result;
  }

  private static FlushResult flushConcurrently(List<? extends StagedFile> files)
      throws IOException {
    List<Future<FlushResult>> flushes = new ArrayList<>();
    for (StagedFile file : files) {
      Callable<FlushResult> flush = file::sync;
      FutureTask<FlushResult> task = new FutureTask<>(flush);
      Thread thread = new Thread(task, "backup-flush");
      thread.setDaemon(true);
      thread.start();
      flushes.add(task);
    }
    FlushResult result = FlushResult.FLUSHED;
    IOException failure = null;
    boolean interrupted = false;
    for (Future<FlushResult> flush : flushes) {
      while (true) {
        try {
          result = result.and(flush.get());
          break;
        } catch (InterruptedException e) {
          interrupted = true; // every flush is waited for: none is left running unseen
        } catch (ExecutionException e) {
          IOException cause =
              e.getCause() instanceof IOException io
                  ? io
                  : new IOException("flush failed: " + e.getCause(), e.getCause());
          if (failure == null) {
            failure = cause;
          } else {
            failure.addSuppressed(cause);
          }
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      if (failure == null) {
        failure = new InterruptedIOException("interrupted while flushing");
      }
    }
    if (failure != null) {
      throw failure;
    }
    return result;
  }

  @Override
  public boolean writesBehind() {
    return true;
  }

  @Override
  public String toString() {
    return "PosixDurability[fsync by descriptor, concurrent, write-behind]";
  }
}
