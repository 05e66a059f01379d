package io.backupsidecar.app.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Bridges byte output (fact lines) to a character stream, as UTF-8 text. Not for binary data:
 * {@code cat} writes to {@link Cli#stdout()}.
 */
final class WriterOutputStream extends OutputStream {
  private final PrintWriter writer;

  WriterOutputStream(PrintWriter writer) {
    this.writer = writer;
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    writer.write(new String(b, off, len, StandardCharsets.UTF_8));
  }

  @Override
  public void flush() {
    writer.flush();
  }
}
