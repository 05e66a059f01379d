package io.backupsidecar.adapter.facts;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/** Where fact lines go; one {@link #write} per line. */
interface FactSink {
  /** Writes one whole line in one call. */
  void write(byte[] line) throws IOException;

  /** Releases a file; flushes a caller's stream. */
  void close() throws IOException;

  /** What the sink is, for messages. */
  String describe();

  /**
   * A regular file opened for appending, as {@link JsonLinesFactEmitter#toFile} describes: a
   * symlink or anything but a regular file is refused, an absent file created exclusively.
   */
  static FactSink appendingTo(Path file) throws IOException {
    return new ChannelSink(Opening.openRegularFileForAppend(file), file.toString());
  }

  /** A channel opened for appending: one write(2) per line, no user-space buffer to flush. */
  final class ChannelSink implements FactSink {
    private final WritableByteChannel channel;
    private final String name;

    ChannelSink(WritableByteChannel channel, String name) {
      this.channel = channel;
      this.name = name;
    }

    @Override
    public void write(byte[] line) throws IOException {
      ByteBuffer buffer = ByteBuffer.wrap(line);
      // A regular file takes the whole buffer in one call; a short write only happens when
      // the device is full, and then the retry either completes the line or throws.
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }

    @Override
    public String describe() {
      return name;
    }
  }

  /** A caller-owned stream: write the whole line in one call, then flush. */
  final class StreamSink implements FactSink {
    private final OutputStream out;

    StreamSink(OutputStream out) {
      this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void write(byte[] line) throws IOException {
      out.write(line);
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }

    @Override
    public String describe() {
      return "the facts stream";
    }
  }

  /** Opening the facts file without following or blocking on what an attacker put there. */
  final class Opening {
    private Opening() {}

    private static FileChannel openRegularFileForAppend(Path file) throws IOException {
      for (int attempt = 1; ; attempt++) {
        BasicFileAttributes before;
        try {
          before = Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW_LINKS);
        } catch (NoSuchFileException absent) {
          try {
            return FileChannel.open(file, CREATE_NEW, WRITE, APPEND);
          } catch (FileAlreadyExistsException appeared) {
            if (attempt < 3) {
              continue; // look again at what appeared
            }
            throw refusal(file, "keeps appearing and disappearing while it is opened");
          }
        }
        if (!before.isRegularFile()) {
          throw refusal(file, "is " + kind(before) + ", not a regular file");
        }
        FileChannel channel = FileChannel.open(file, WRITE, APPEND, NOFOLLOW_LINKS);
        try {
          BasicFileAttributes after =
              Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW_LINKS);
          if (!after.isRegularFile() || !Objects.equals(before.fileKey(), after.fileKey())) {
            throw refusal(file, "was replaced by another file while it was opened");
          }
          return channel;
        } catch (IOException | RuntimeException e) {
          channel.close();
          throw e;
        }
      }
    }

    private static FileSystemException refusal(Path file, String why) {
      return new FileSystemException(
          file.toString(),
          null,
          String.format(
              "the facts file %s; facts are only appended to a regular file: remove it or name "
                  + "another file",
              why));
    }

    private static String kind(BasicFileAttributes attributes) {
      if (attributes.isSymbolicLink()) {
        return "a symbolic link (not followed)";
      }
      if (attributes.isDirectory()) {
        return "a directory";
      }
      return "a FIFO, socket or device";
    }
  }
}
