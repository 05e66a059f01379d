package io.backupsidecar.adapter.fs.posix;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.port.Hasher;
import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * Copies one descriptor into another and hashes exactly the bytes of the copy, in one pass over the
 * data, by {@code pread}/{@code pwrite} through native buffers.
 *
 * <p>Three ways, tried in this order:
 *
 * <ul>
 *   <li><b>reflink</b> ({@code ioctl FICLONE}, where the filesystem shares extents: btrfs, xfs):
 *       the copy costs no data I/O; the copy is then read once for the hash. The copy, not the
 *       source, is read: a clone is a point-in-time copy, so the hash is of the payload's bytes
 *       even if the source changes right after;
 *   <li><b>sparse</b> ({@code SEEK_DATA}/{@code SEEK_HOLE}): only the data regions are read and
 *       written; the holes are fed to the hash as zeros and stay holes in the copy ({@code
 *       ftruncate} gives it its size);
 *   <li><b>dense</b>: every byte is read and written.
 * </ul>
 *
 * <p>Large copies hash on a second thread ({@link HashStage}), as the NIO backend's pipeline does:
 * SHA-256 is the slowest stage, so on two cores the copy costs about the hash alone. A buffer is
 * not refilled before it is digested. With write-behind, every {@value #WRITE_BEHIND_BYTES} bytes
 * the kernel is asked to start writing the copy to disk ({@code sync_file_range(WRITE)}, which does
 * not wait), so the final {@code fsync} finds little left.
 *
 * <p>{@code copy_file_range} is not used: the hash needs the bytes in user space anyway, so the
 * copy would still be read once more for it. Measured on ext4 (1 GiB, page cache warm, 2 busy
 * cores): copy_file_range then a hashing read cost 1.41-1.49 s of CPU, the read/write loop with the
 * hash 1.42-1.46 s; no gain, so the one loop stays. Where it would help (server-side copy, shared
 * extents) {@code FICLONE} already does.
 */
final class FdCopy {

  /** Buffer size; the NIO pipeline measured 256 KiB best on a 1 GiB file. */
  static final int BUFFER_BYTES = 256 * 1024;

  /** Buffers in flight between the copying and the hashing thread. */
  static final int BUFFERS = 4;

  /** Below this many bytes a thread costs more than the overlap saves. */
  static final long MIN_BYTES_FOR_THREAD = 2L * BUFFER_BYTES;

  /** Bytes written between two write-behind requests. */
  static final long WRITE_BEHIND_BYTES = 32L * 1024 * 1024;

  private FdCopy() {}

  /** How a copy was made. */
  enum Method {
    REFLINK,
    SPARSE,
    DENSE
  }

  /** The outcome of a copy. */
  record Result(long bytes, ContentHash hash, long hashNanos, Method method) {}

  /**
   * Copies {@code source} (a regular file of {@code size} bytes when opened) into the empty {@code
   * target}.
   */
  static Result copy(
      OpenFile source,
      long size,
      OpenFile target,
      Hasher.Session session,
      boolean sparse,
      boolean writeBehind,
      boolean reflink)
      throws IOException {
    if (reflink && size > 0 && tryClone(source, target)) {
      long copied = target.stat().size();
      HashStage stage = new HashStage(session, copied);
      try {
        long bytes = sparse ? sparse(target, copied, null, stage, false) : -1;
        if (bytes < 0) { // dense asked, or the filesystem cannot seek holes
          bytes = dense(target, null, stage, false);
        }
        return stage.finish(bytes, Method.REFLINK);
      } finally {
        stage.close();
      }
    }
    HashStage stage = new HashStage(session, size);
    try {
      if (sparse) {
        long bytes = sparse(source, size, target, stage, writeBehind);
        if (bytes >= 0) {
          return stage.finish(bytes, Method.SPARSE);
        }
      }
      return stage.finish(dense(source, target, stage, writeBehind), Method.DENSE);
    } finally {
      stage.close();
    }
  }

  /** Hashes a file's bytes (holes are read as the zeros they are). */
  static ContentHash hash(OpenFile file, long size, Hasher.Session session) throws IOException {
    HashStage stage = new HashStage(session, size);
    try {
      return stage.finish(dense(file, null, stage, false), Method.DENSE).hash();
    } finally {
      stage.close();
    }
  }

  private static boolean tryClone(OpenFile source, OpenFile target) throws IOException {
    try {
      LibcIo.ficlone(target.fd, source.fd);
      return true;
    } catch (ErrnoException e) {
      // EOPNOTSUPP/ENOTTY (ext4, tmpfs), EXDEV, EINVAL...: no shared extents here. A failed
      // clone may have left part of the range: start again from an empty file.
      target.truncate(0);
      return false;
    }
  }

  /** Reads {@code in} from offset 0 to its end, writing to {@code out} (if any); the count. */
  private static long dense(OpenFile in, OpenFile out, HashStage stage, boolean writeBehind)
      throws IOException {
    long position = 0;
    long flushedTo = 0;
    while (true) {
      MemorySegment buffer = stage.take();
      long n = pread(in, buffer, buffer.byteSize(), position);
      if (n == 0) {
        stage.giveBack(buffer);
        return position;
      }
      if (out != null) {
        pwrite(out, buffer, n, position);
      }
      stage.digest(buffer, n);
      position += n;
      if (writeBehind && position - flushedTo >= WRITE_BEHIND_BYTES) {
        startWriteback(out, flushedTo, position - flushedTo);
        flushedTo = position;
      }
    }
  }

  /**
   * Copies only the data regions of the first {@code size} bytes; -1 if the filesystem cannot seek
   * data and holes (then nothing was done).
   */
  private static long sparse(
      OpenFile in, long size, OpenFile out, HashStage stage, boolean writeBehind)
      throws IOException {
    long end = size;
    long offset = 0;
    long flushedTo = 0;
    while (offset < end) {
      long data;
      try {
        data = Math.min(LibcIo.lseek(in.fd, offset, Libc.SEEK_DATA), end);
      } catch (ErrnoException e) {
        if (e.errno() == Libc.ENXIO) {
          data = end; // only a hole is left
        } else if (offset == 0 && (e.errno() == Libc.EINVAL || e.errno() == Libc.EOPNOTSUPP)) {
          return -1;
        } else {
          throw e.toIOException(in.path());
        }
      }
      if (data > offset) {
        stage.zeros(data - offset);
      }
      if (data >= end) {
        offset = end;
        break;
      }
      long hole;
      try {
        hole = Math.min(LibcIo.lseek(in.fd, data, Libc.SEEK_HOLE), end);
      } catch (ErrnoException e) {
        throw e.toIOException(in.path());
      }
      long position = data;
      while (position < hole) {
        MemorySegment buffer = stage.take();
        long n = pread(in, buffer, Math.min(buffer.byteSize(), hole - position), position);
        if (n == 0) {
          // The file shrank while it was copied: the copy ends where the data did.
          stage.giveBack(buffer);
          end = position;
          break;
        }
        if (out != null) {
          pwrite(out, buffer, n, position);
        }
        stage.digest(buffer, n);
        position += n;
        if (writeBehind && position - flushedTo >= WRITE_BEHIND_BYTES) {
          startWriteback(out, flushedTo, position - flushedTo);
          flushedTo = position;
        }
      }
      offset = Math.min(position, end);
    }
    if (out != null) {
      out.truncate(end);
    }
    return end;
  }

  private static long pread(OpenFile in, MemorySegment buffer, long length, long position)
      throws IOException {
    try {
      return LibcIo.pread(in.fd, buffer, length, position);
    } catch (ErrnoException e) {
      throw e.toIOException(in.path());
    }
  }

  private static void pwrite(OpenFile out, MemorySegment buffer, long length, long position)
      throws IOException {
    try {
      LibcIo.pwriteFully(out.fd, buffer, length, position);
    } catch (ErrnoException e) {
      throw e.toIOException(out.path());
    }
  }

  private static void startWriteback(OpenFile out, long offset, long length) throws IOException {
    try {
      LibcIo.startWriteback(out.fd, offset, length);
    } catch (ErrnoException e) {
      throw e.toIOException(out.path());
    }
  }
}
