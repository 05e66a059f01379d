package io.backupsidecar.adapter.fs;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardOpenOption.READ;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.port.ArtifactDirectory.SmallFile;
import io.backupsidecar.domain.port.Hasher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Reading regular files of a held directory: whole small files, hashes, comparisons. */
final class Reads {

  /**
   * Size of the buffer a hash or comparison reads through; see {@link HashingCopy#BUFFER_BYTES}.
   */
  static final int BUFFER_BYTES = HashingCopy.BUFFER_BYTES;

  private Reads() {}

  /** The attributes of {@code name} (not followed), which must be a regular file. */
  static BasicFileAttributes regular(HeldDirectory held, String name, String purpose)
      throws IOException {
    BasicFileAttributes stat = held.statOrNull(name);
    if (stat == null) {
      throw new NoSuchFileException(held.path(name).toString());
    }
    if (!stat.isRegularFile()) {
      // Named precisely for the message; the kind was decided by the stat above.
      Lstat precise = Lstat.readOrNull(held.path(name));
      String kind = precise != null ? precise.kindName() : "special file";
      throw new FileSystemException(
          held.path(name).toString(),
          null,
          String.format("is a %s, not a regular file; refusing to %s it", kind, purpose));
    }
    return stat;
  }

  /**
   * Reads a small regular file whole through one channel, with its attributes read before and after
   * (no-follow): they must be of the same file, so they speak of the bytes read.
   */
  static SmallFile read(HeldDirectory held, String name, int maxBytes) throws IOException {
    if (maxBytes < 0) {
      throw new IllegalArgumentException(
          String.format("maxBytes (%d) must not be negative", maxBytes));
    }
    Path file = held.path(name);
    Object heldKey = regular(held, name, "read").fileKey();
    // The owner and mode NIO gives only by path: of the same file as in the held directory.
    Lstat before = Lstat.requireRegular(file, "read");
    if (!Objects.equals(before.fileKey(), Lstat.fileKeyString(heldKey))) {
      throw new FileSystemException(
          file.toString(),
          null,
          String.format(
              "is not the file of that name in the directory held (file key %s, held %s); the"
                  + " directory was moved or replaced",
              before.fileKey(), heldKey));
    }
    byte[] bytes;
    try (SeekableByteChannel in = held.open(name, Set.of(READ, NOFOLLOW_LINKS))) {
      bytes = readAtMost(in, file, maxBytes);
    }
    Lstat after = Lstat.requireRegular(file, "read");
    if (!Objects.equals(before.fileKey(), after.fileKey())) {
      throw new FileSystemException(
          file.toString(),
          null,
          String.format(
              "was replaced by another file while it was read (file key %s, then %s)",
              before.fileKey(), after.fileKey()));
    }
    return new SmallFile(bytes, after.toRegularFile(List.of()));
  }

  private static byte[] readAtMost(SeekableByteChannel in, Path file, int maxBytes)
      throws IOException {
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

  /** Hashes the rest of the channel with one session. */
  static ContentHash hash(SeekableByteChannel in, Hasher hasher) throws IOException {
    Hasher.Session session = hasher.newSession();
    byte[] array = new byte[BUFFER_BYTES];
    ByteBuffer buffer = ByteBuffer.wrap(array);
    int n;
    while ((n = in.read(buffer.clear())) >= 0) {
      session.update(array, 0, n);
    }
    return session.finish();
  }

  /** The offset of the first differing byte, the shorter size for a prefix, -1 if equal. */
  static long mismatch(SeekableByteChannel a, SeekableByteChannel b) throws IOException {
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

  /**
   * Reads until the buffer is full or the channel ends, and flips it; returns the count, 0 at the
   * end. The one read loop of the copy, the hash and the comparison.
   */
  static int fill(SeekableByteChannel in, ByteBuffer buffer) throws IOException {
    buffer.clear();
    while (buffer.hasRemaining() && in.read(buffer) >= 0) {
      // keep reading: a channel may return fewer bytes than asked before its end
    }
    buffer.flip();
    return buffer.limit();
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
}
