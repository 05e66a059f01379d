package io.backupsidecar.domain.fakes;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.ExtendedAttributes;
import io.backupsidecar.domain.model.FileMode;
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.Durability;
import io.backupsidecar.domain.port.Hasher;
import io.backupsidecar.domain.port.NodeInspector;
import io.backupsidecar.domain.port.StagedFile;
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
 * A hand-written in-memory filesystem implementing the three filesystem ports, for domain tests. It
 * records every operation, can fail chosen ones, and keeps a flag per file and directory entry
 * saying whether it was flushed.
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
    public java.util.SortedMap<String, byte[]> xattrs = new java.util.TreeMap<>();

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
  public synchronized InMemoryNodes file(
      Path path, byte[] bytes, int mode, int uid, int gid, Instant mtime) {
    dir(path.getParent());
    nodes.put(path, new File(bytes.clone(), FileMode.S_IFREG | (mode & 07777), uid, gid, mtime));
    return this;
  }

  /** Creates or replaces a regular file with mode 0644 owned by 1000:1000. */
  public InMemoryNodes file(Path path, String content) {
    return file(
        path,
        content.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        0644,
        1000,
        1000,
        Instant.parse("2026-01-02T03:04:05Z"));
  }

  /** Sets an extended attribute of a regular file. */
  public synchronized InMemoryNodes xattr(Path path, String name, String value) {
    ((File) nodes.get(path))
        .xattrs.put(name, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return this;
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
      return stateOf(f);
    }
    if (node instanceof Link l) {
      return new NodeState.Symlink(l.destination());
    }
    if (node instanceof Dir) {
      return new NodeState.Unsupported(NodeState.Unsupported.Kind.DIRECTORY);
    }
    return new NodeState.Unsupported(NodeState.Unsupported.Kind.FIFO);
  }

  /**
   * The uid the process runs as here: the owner of the files it creates, and what {@link TestPorts}
   * wires as {@code Ports.processUid}.
   */
  public OptionalInt processUid() {
    return OptionalInt.of(processUid);
  }

  // ---- ArtifactStore ----

  @Override
  public synchronized ArtifactDirectory open(Path directory) throws IOException {
    op("open " + directory);
    Node node = nodes.get(directory);
    if (node == null) {
      throw new NoSuchFileException(directory.toString());
    }
    if (!(node instanceof Dir)) {
      throw new NotDirectoryException(directory.toString());
    }
    return new Directory(directory);
  }

  /**
   * A directory of the fake tree. New files are unnamed until linked, as with {@code O_TMPFILE};
   * their label in {@link #operations()} is the provisional path they were staged for.
   */
  private final class Directory implements ArtifactDirectory {
    private final Path dir;

    Directory(Path dir) {
      this.dir = dir;
    }

    @Override
    public Path path() {
      return dir;
    }

    @Override
    public List<String> list() throws IOException {
      synchronized (InMemoryNodes.this) {
        op("list " + dir);
        if (!(nodes.get(dir) instanceof Dir)) {
          throw new NoSuchFileException(dir.toString());
        }
        return names(dir);
      }
    }

    @Override
    public NodeState inspect(String name) throws IOException {
      return InMemoryNodes.this.inspect(dir.resolve(name));
    }

    @Override
    public StagedFile stageCopy(
        String source, NodeState.RegularFile expected, Hasher hasher, StageOptions options)
        throws IOException {
      synchronized (InMemoryNodes.this) {
        Path label = dir.resolve(options.provisionalName());
        op("copy " + dir.resolve(source) + " -> " + label);
        File src = regular(dir.resolve(source));
        if (expected.fileKey() != null && !expected.fileKey().equals(keyOf(src))) {
          throw new FileSystemException(
              dir.resolve(source).toString(), null, "is no longer the file inspected");
        }
        Hasher.Session session = hasher.newSession();
        session.update(src.bytes, 0, src.bytes.length);
        File copy =
            new File(
                src.bytes.clone(), FileMode.S_IFREG | 0600, processUid, processUid, Instant.EPOCH);
        return new Staged(
            this,
            label,
            copy,
            new Copied(src.bytes.length, session.finish(), 0, ExtendedAttributes.of(src.xattrs)));
      }
    }

    @Override
    public StagedFile stageBytes(byte[] bytes, int permissions, StageOptions options)
        throws IOException {
      synchronized (InMemoryNodes.this) {
        Path label = dir.resolve(options.provisionalName());
        op("write " + label);
        return new Staged(
            this,
            label,
            new File(
                bytes.clone(),
                FileMode.S_IFREG | permissions,
                processUid,
                processUid,
                Instant.EPOCH),
            null);
      }
    }

    @Override
    public void createSymlink(String name, String destination) throws IOException {
      synchronized (InMemoryNodes.this) {
        Path link = dir.resolve(name);
        op("symlink " + link + " -> " + destination);
        create(link);
        nodes.put(link, new Link(destination));
      }
    }

    @Override
    public SmallFile readSmall(String name, int maxBytes) throws IOException {
      synchronized (InMemoryNodes.this) {
        Path file = dir.resolve(name);
        op("read " + file);
        File f = regular(file);
        if (f.bytes.length > maxBytes) {
          throw new FileSystemException(file.toString(), null, "longer than " + maxBytes);
        }
        return new SmallFile(f.bytes.clone(), stateOf(f));
      }
    }

    @Override
    public ContentHash hash(String name, Hasher hasher) throws IOException {
      synchronized (InMemoryNodes.this) {
        Path file = dir.resolve(name);
        op("hash " + file);
        File f = regular(file);
        Hasher.Session session = hasher.newSession();
        session.update(f.bytes, 0, f.bytes.length);
        return session.finish();
      }
    }

    @Override
    public ExtendedAttributes xattrs(String name) throws IOException {
      synchronized (InMemoryNodes.this) {
        op("xattrs " + dir.resolve(name));
        return ExtendedAttributes.of(regular(dir.resolve(name)).xattrs);
      }
    }

    @Override
    public long mismatch(String first, String second) throws IOException {
      synchronized (InMemoryNodes.this) {
        op("compare " + dir.resolve(first) + " " + dir.resolve(second));
        return Arrays.mismatch(
            regular(dir.resolve(first)).bytes, regular(dir.resolve(second)).bytes);
      }
    }

    @Override
    public void rename(String source, String destination) throws IOException {
      synchronized (InMemoryNodes.this) {
        Path from = dir.resolve(source);
        Path to = dir.resolve(destination);
        op("move " + from + " -> " + to);
        Node node = nodes.get(from);
        if (node == null) {
          throw new NoSuchFileException(from.toString());
        }
        if (nodes.get(to) instanceof Dir) {
          throw new FileSystemException(to.toString(), null, "is a directory");
        }
        nodes.remove(from);
        nodes.put(to, node);
      }
    }

    @Override
    public boolean delete(String name) throws IOException {
      synchronized (InMemoryNodes.this) {
        Path path = dir.resolve(name);
        op("delete " + path);
        if (nodes.get(path) instanceof Dir) {
          throw new FileSystemException(path.toString(), null, "is a directory");
        }
        return nodes.remove(path) != null;
      }
    }

    @Override
    public FlushResult sync() throws IOException {
      synchronized (InMemoryNodes.this) {
        op("fsyncdir " + dir);
        return flushSupported ? FlushResult.FLUSHED : FlushResult.NOT_SUPPORTED;
      }
    }

    @Override
    public void close() {}
  }

  /** A new file of the fake tree, unnamed until linked. */
  private final class Staged implements StagedFile {
    private final Directory dir;
    private final Path label;
    private final File file;
    private final Copied copied;
    private boolean named;

    Staged(Directory dir, Path label, File file, Copied copied) {
      this.dir = dir;
      this.label = label;
      this.file = file;
      this.copied = copied;
    }

    @Override
    public Copied copied() {
      return copied;
    }

    @Override
    public List<String> complete(NodeState.FileMetadata metadata) throws IOException {
      synchronized (InMemoryNodes.this) {
        op("meta " + label);
        if (metadata.uid() != null) {
          file.uid = metadata.uid();
        }
        if (metadata.gid() != null) {
          file.gid = metadata.gid();
        }
        file.mode = FileMode.S_IFREG | metadata.mode().permissions();
        if (metadata.mtime() != null) {
          file.mtime = metadata.mtime();
        }
        if (copied != null) {
          file.xattrs.putAll(copied.xattrs().asMap());
        }
        return List.of();
      }
    }

    @Override
    public FlushResult sync() throws IOException {
      synchronized (InMemoryNodes.this) {
        op("fsync " + label);
        return flushSupported ? FlushResult.FLUSHED : FlushResult.NOT_SUPPORTED;
      }
    }

    @Override
    public void link(String name) throws IOException {
      synchronized (InMemoryNodes.this) {
        Path path = dir.dir.resolve(name);
        op("link " + label + " -> " + path);
        create(path);
        nodes.put(path, file);
        named = true;
      }
    }

    @Override
    public void replace(String name) throws IOException {
      synchronized (InMemoryNodes.this) {
        Path path = dir.dir.resolve(name);
        op("move " + label + " -> " + path);
        if (nodes.get(path) instanceof Dir) {
          throw new FileSystemException(path.toString(), null, "is a directory");
        }
        nodes.put(path, file);
        named = true;
      }
    }

    @Override
    public void close() throws IOException {
      synchronized (InMemoryNodes.this) {
        if (!named) {
          operations.add("discard " + label);
        }
      }
    }
  }

  // ---- Durability: the default, through the handles ----

  // ---- helpers ----

  private void op(String description) throws IOException {
    operations.add(description);
    if (failWhen.test(description)) {
      throw new IOException("injected failure: " + description);
    }
  }

  private static NodeState.RegularFile stateOf(File f) {
    return new NodeState.RegularFile(
        f.bytes.length,
        new NodeState.FileMetadata(new FileMode(f.mode), f.uid, f.gid, f.mtime),
        List.of(),
        keyOf(f));
  }

  private static String keyOf(File f) {
    return "key:" + System.identityHashCode(f);
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
