package io.backupsidecar.adapter.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * Where the copy pipeline ({@link HashingCopy}) writes: each buffer in full, an all-zero one
 * skipped when sparse (the position moves over it and the filesystem leaves a hole), and every
 * {@value HashingCopy#WRITE_BEHIND_BYTES} bytes an early flush asked of the {@link WriteBehind}, if
 * there is one.
 */
final class CopySink {
  private static final ByteBuffer ZEROS =
      ByteBuffer.allocate(HashingCopy.BUFFER_BYTES).asReadOnlyBuffer();

  private final SeekableByteChannel out;
  private final boolean sparse;
  private final WriteBehind flusher;
  private boolean endsInHole;
  private long sinceFlush;

  /**
   * @param flusher asked for early flushes, or {@code null}
   */
  CopySink(SeekableByteChannel out, boolean sparse, WriteBehind flusher) {
    this.out = out;
    this.sparse = sparse;
    this.flusher = flusher;
  }

  /** Writes the buffer's remaining bytes, leaving its position where it was. */
  void write(ByteBuffer data) throws IOException {
    int n = data.remaining();
    if (sparse && n <= HashingCopy.BUFFER_BYTES && data.mismatch(ZEROS.duplicate().limit(n)) < 0) {
      out.position(out.position() + n);
      endsInHole = true;
      return;
    }
    ByteBuffer buffer = data.duplicate();
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
    endsInHole = false;
    sinceFlush += n;
    if (flusher != null && sinceFlush >= HashingCopy.WRITE_BEHIND_BYTES && flusher.request()) {
      sinceFlush = 0;
    }
  }

  /** A skipped tail leaves the file short: its last byte is written to give it its size. */
  void finish() throws IOException {
    if (endsInHole) {
      out.position(out.position() - 1);
      ByteBuffer zero = ByteBuffer.allocate(1);
      while (zero.hasRemaining()) {
        out.write(zero);
      }
    }
  }
}
