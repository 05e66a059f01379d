package io.backupsidecar.domain.fakes;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.FileMode;
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.Durability;
import io.backupsidecar.domain.port.Hasher;
import io.backupsidecar.domain.port.NodeInspector;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A hand-written in-memory filesystem implementing the three filesystem ports, for domain
 * tests. It records every operation, can fail chosen ones, and keeps a flag per file and
 * directory entry saying whether it was flushed.
 */
public final class InMemoryNodes implements NodeInspector, ArtifactStore, Durability {

  /** A node in the fake tree. */
  public sealed interface Node permits File, Link, Dir, Fifo {}

  /** A regular file. */
  public static final class File implements Node {
    public byte[] bytes;
    public int mode;
    public int uid;
    public int gid;
    public Instant mtime;

    File(byte[] bytes, int mode, int uid, int gid, Instant mtime) {
      this.bytes = bytes;
      this.mode = mode;
      this.uid = uid;
      this.gid = gid;
      this.mtime = mtime;
    }
  }

  /** A symlink. */
  public record Link(String destination) implements Node {}

  /** A directory. */
  public record Dir() implements Node {}

  /** A named pipe. */
  public record Fifo() implements Node {}

  private final Map<Path, Node> nodes = new TreeMap<>();
  private final List<String> operations = new ArrayList<>();
  private Predicate<String> failWhen = op -> false;
  private boolean flushSupported = true;
  private final int processUid;

  /** An empty tree in which the process runs as {@code processUid}. */
  public InMemoryNodes(int processUid) {
    this.processUid = processUid;
  }

  /** An empty tree in which the process runs as root. */
  public InMemoryNodes() {
    this(0);
  }

  // ---- setting up ----

  /** Creates a directory (and its parents). */
  public synchronized InMemoryNodes dir(Path dir) {
    for (Path p = dir; p != null; p = p.getParent()) {
      nodes.putIfAbsent(p, new Dir());
    }
    return this;
  }

  /** Creates or replaces a regular file (creating its directory). */
  public synchronized InMemoryNodes file(Path path, byte[] bytes, int mode, int uid, int gid,
      Instant mtime) {
    dir(path.getParent());
    nodes.put(path, new File(bytes.clone(), FileMode.S_IFREG | (mode & 07777), uid, gid, mtime));
    return this;
  }

  /** Creates or replaces a regular file with mode 0644 owned by 1000:1000. */
  public InMemoryNodes file(Path path, String content) {
    return file(path, content.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0644, 1000, 1000,
        Instant.parse("2026-01-02T03:04:05Z"));
  }

  /** Creates or replaces a symlink. */
  public synchronized InMemoryNodes symlink(Path path, String destination) {
    dir(path.getParent());
    nodes.put(path, new Link(destination));
    return this;
  }

  /** Creates a FIFO. */
  public synchronized InMemoryNodes fifo(Path path) {
    dir(path.getParent());
    nodes.put(path, new Fifo());
    return this;
  }

  /** Removes whatever is at a path. */
  public synchronized InMemoryNodes remove(Path path) {
    nodes.remove(path);
    return this;
  }

  /** Operations whose description matches fail with an IOException from now on. */
  public synchronized InMemoryNodes failWhen(Predicate<String> predicate) {
    this.failWhen = predicate;
    return this;
  }

  /** Makes every flush report {@link FlushResult#NOT_SUPPORTED}. */
  public synchronized InMemoryNodes flushUnsupported() {
    this.flushSupported = false;
    return this;
  }

  // ---- looking ----

  /** The node at a path, or null. */
  public synchronized Node get(Path path) {
    return nodes.get(path);
  }

  /** The bytes of a regular file. */
  public synchronized byte[] bytes(Path path) {
    return ((File) nodes.get(path)).bytes.clone();
  }

  /** The names in a directory, sorted. */
  public synchronized List<String> names(Path dir) {
    List<String> out = new ArrayList<>();
    for (Path p : nodes.keySet()) {
      if (dir.equals(p.getParent())) {
        out.add(p.getFileName().toString());
      }
    }
    return out;
  }

  /** Every operation so far, e.g. {@code "copy /d/a -> /d/.a.backup.1.bak"}. */
  public synchronized List<String> operations() {
    return List.copyOf(operations);
  }

  // ---- NodeInspector ----

  @Override
  public synchronized NodeState inspect(Path path) throws IOException {
    op("inspect " + path);
    Node node = nodes.get(path);
    if (node == null) {
      return new NodeState.Absent();
    }
    if (node instanceof File f) {
      return new NodeState.RegularFile(f.bytes.length,
          new NodeState.FileMetadata(new FileMode(f.mode), f.uid, f.gid, f.mtime), List.of(),
          "key:" + System.identityHashCode(f));
    }
    if (node instanceof Link l) {
      return new NodeState.Symlink(l.destination());
    }
    if (node instanceof Dir) {
      return new NodeState.Unsupported(NodeState.Unsupported.Kind.DIRECTORY);
    }
    return new NodeState.Unsupported(NodeState.Unsupported.Kind.FIFO);
  }

  @Override
  public OptionalInt processUid() {
    return OptionalInt.of(processUid);
  }

  // ---- ArtifactStore ----

  @Override
  public synchronized List<String> list(Path directory) throws IOException {
    op("list " + directory);
    Node node = nodes.get(directory);
    if (node == null) {
      throw new NoSuchFileException(directory.toString());
    }
    if (!(node instanceof Dir)) {
      throw new NotDirectoryException(directory.toString());
    }
    return names(directory);
  }

  @Override
  public synchronized Copied copyNew(Path source, NodeState.RegularFile expected,
      Path destination, Hasher hasher) throws IOException {
    op("copy " + source + " -> " + destination);
    File src = regular(source);
    create(destination);
    Hasher.Session session = hasher.newSession();
    session.update(src.bytes, 0, src.bytes.length);
    nodes.put(destination, new File(src.bytes.clone(), FileMode.S_IFREG | 0600, processUid,
        processUid, Instant.EPOCH));
    return new Copied(src.bytes.length, session.finish(), 0);
  }

  @Override
  public synchronized void createSymlinkNew(Path link, String destination) throws IOException {
    op("symlink " + link + " -> " + destination);
    create(link);
    nodes.put(link, new Link(destination));
  }

  @Override
  public synchronized void createEmptyNew(Path file) throws IOException {
    op("create " + file);
    create(file);
    nodes.put(file, new File(new byte[0], FileMode.S_IFREG | 0600, processUid, processUid,
        Instant.EPOCH));
  }

  @Override
  public synchronized void writeNew(Path file, byte[] bytes, int permissions)
      throws IOException {
    op("write " + file);
    create(file);
    nodes.put(file, new File(bytes.clone(), FileMode.S_IFREG | permissions, processUid,
        processUid, Instant.EPOCH));
  }

  @Override
  public synchronized byte[] readSmall(Path file, int maxBytes) throws IOException {
    op("read " + file);
    File f = regular(file);
    if (f.bytes.length > maxBytes) {
      throw new FileSystemException(file.toString(), null, "longer than " + maxBytes);
    }
    return f.bytes.clone();
  }

  @Override
  public synchronized ContentHash hash(Path file, Hasher hasher) throws IOException {
    op("hash " + file);
    File f = regular(file);
    Hasher.Session session = hasher.newSession();
    session.update(f.bytes, 0, f.bytes.length);
    return session.finish();
  }

  @Override
  public synchronized long mismatch(Path first, Path second) throws IOException {
    op("compare " + first + " " + second);
    return java.util.Arrays.mismatch(regular(first).bytes, regular(second).bytes);
  }

  @Override
  public synchronized void applyMetadata(Path file, NodeState.FileMetadata metadata)
      throws IOException {
    op("meta " + file);
    File f = regular(file);
    if (metadata.uid() != null) {
      f.uid = metadata.uid();
    }
    if (metadata.gid() != null) {
      f.gid = metadata.gid();
    }
    f.mode = FileMode.S_IFREG | metadata.mode().permissions();
    if (metadata.mtime() != null) {
      f.mtime = metadata.mtime();
    }
  }

  @Override
  public synchronized void moveAtomically(Path source, Path destination) throws IOException {
    op("move " + source + " -> " + destination);
    Node node = nodes.get(source);
    if (node == null) {
      throw new NoSuchFileException(source.toString());
    }
    if (nodes.get(destination) instanceof Dir) {
      throw new FileSystemException(destination.toString(), null, "is a directory");
    }
    nodes.remove(source);
    nodes.put(destination, node);
  }

  @Override
  public synchronized boolean deleteIfPresent(Path path) throws IOException {
    op("delete " + path);
    Node node = nodes.get(path);
    if (node instanceof Dir) {
      throw new FileSystemException(path.toString(), null, "is a directory");
    }
    return nodes.remove(path) != null;
  }

  // ---- Durability ----

  @Override
  public synchronized FlushResult flushFile(Path file) throws IOException {
    op("fsync " + file);
    regular(file);
    return flushSupported ? FlushResult.FLUSHED : FlushResult.NOT_SUPPORTED;
  }

  @Override
  public synchronized FlushResult flushDirectory(Path directory) throws IOException {
    op("fsyncdir " + directory);
    return flushSupported ? FlushResult.FLUSHED : FlushResult.NOT_SUPPORTED;
  }

  // ---- helpers ----

  private void op(String description) throws IOException {
    operations.add(description);
    if (failWhen.test(description)) {
      throw new IOException("injected failure: " + description);
    }
  }

  private File regular(Path path) throws IOException {
    Node node = nodes.get(path);
    if (node == null) {
      throw new NoSuchFileException(path.toString());
    }
    if (!(node instanceof File f)) {
      throw new FileSystemException(path.toString(), null, "not a regular file");
    }
    return f;
  }

  private void create(Path path) throws IOException {
    if (!(nodes.get(path.getParent()) instanceof Dir)) {
      throw new NoSuchFileException(path.getParent().toString());
    }
    if (nodes.containsKey(path)) {
      throw new FileAlreadyExistsException(path.toString());
    }
  }

  /** Bytes as a readable string for assertions. */
  public static String text(byte[] bytes) {
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "InMemoryNodes" + Arrays.toString(nodes.keySet().toArray());
  }
}
