package io.backupsidecar.app.reliability;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** What a target is, by content: a file's bytes, a symlink's destination, or absence. */
record NodeImage(String kind, byte[] bytes, String dest) {
  static final NodeImage ABSENT = new NodeImage("absent", null, null);

  static NodeImage file(byte[] bytes) {
    return new NodeImage("file", bytes.clone(), null);
  }

  static NodeImage symlink(String dest) {
    return new NodeImage("symlink", null, dest);
  }

  /** Reads what is at a path of the wrapped filesystem, without logging or faults. */
  static NodeImage of(FaultyFileSystem fs, Path path) throws IOException {
    Path d = FaultyProvider.unwrap(path);
    if (Files.isSymbolicLink(d)) {
      return symlink(Files.readSymbolicLink(d).toString());
    }
    if (!Files.exists(d, NOFOLLOW_LINKS)) {
      return ABSENT;
    }
    if (Files.isDirectory(d, NOFOLLOW_LINKS)) {
      return new NodeImage("directory", null, null);
    }
    return file(Files.readAllBytes(d));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeImage n
        && n.kind.equals(kind)
        && Arrays.equals(n.bytes, bytes)
        && java.util.Objects.equals(n.dest, dest);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return kind
        + (bytes != null ? "[" + bytes.length + " bytes, hash " + Arrays.hashCode(bytes) + "]" : "")
        + (dest != null ? "->" + dest : "");
  }
}
