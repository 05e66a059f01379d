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
import io.backupsidecar.domain.port.HeldFile;
import io.backupsidecar.domain.port.NodeInspector;
import io.backupsidecar.domain.port.StagedFile;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
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
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
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
    private static final AtomicLong INODES = new AtomicLong();

    public byte[] bytes;
    public int mode;
    public int uid;
    public int gid;
    public Instant mtime;
    public Instant atime;
    public java.util.SortedMap<String, byte[]> xattrs = new java.util.TreeMap<>();

    /** Unique per file ever made, as an inode number is while the file exists. */
    final long inode = INODES.incrementAndGet();

    File(byte[] bytes, int mode, int uid, int gid, Instant mtime) {
      this.bytes = bytes;
      this.mode = mode;
      this.uid = uid;
      this.gid = gid;
      this.mtime = mtime;
      this.atime = mtime;
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
  private boolean holdsInPlace = true;
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
  public InMemoryNodes xattr(Path path, String name, String value) {
    return xattr(path, name, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Sets an extended attribute of a regular file by full name ({@code user.origin}). */
  public synchronized InMemoryNodes xattr(Path path, String name, byte[] value) {
    ((File) nodes.get(path)).xattrs.put(name, value.clone());
    return this;
  }

  /** Sets the last-modified time of a regular file. */
  public synchronized InMemoryNodes mtime(Path path, Instant mtime) {
    ((File) nodes.get(path)).mtime = mtime;
    return this;
  }

  /** Sets the last-access time of a regular file. */
  public synchronized InMemoryNodes atime(Path path, Instant atime) {
    ((File) nodes.get(path)).atime = atime;
    return this;
  }

  /** Gives a regular file a second name (a hard link): both names are one file. */
  public synchronized InMemoryNodes hardLink(Path link, Path existing) {
    nodes.put(link, nodes.get(existing));
    return this;
  }

  /** Makes {@code holdInPlace} decline, as a backend without the ability does: captures copy. */
  public synchronized InMemoryNodes copyCaptures() {
    this.holdsInPlace = false;
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
    // like lstat: symlinks on the way are followed, a final one is not
    Path parent = path.getParent() == null ? null : resolveDirectory(path.getParent());
    Node node = parent == null ? nodes.get(path) : nodes.get(parent.resolve(path.getFileName()));
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
    Path resolved = resolveDirectory(directory);
    Node node = resolved == null ? null : nodes.get(resolved);
    if (node == null) {
      throw new NoSuchFileException(directory.toString());
    }
    if (!(node instanceof Dir)) {
      throw new NotDirectoryException(directory.toString());
    }
    return new Directory(directory, resolved);
  }

  /**
   * The path {@code path} names once every symlink in it is followed, as the OS resolves a
   * directory it opens; {@code null} when a component is missing or a symlink loop is found.
   */
  private Path resolveDirectory(Path path) {
    Path resolved = path.getRoot();
    int hops = 0;
    java.util.Deque<Path> left = new java.util.ArrayDeque<>();
    path.forEach(left::addLast);
    while (!left.isEmpty()) {
      Path next = left.removeFirst();
      Path candidate = resolved == null ? next : resolved.resolve(next);
      if (next.toString().equals("..")) {
        resolved =
            resolved == null || resolved.getParent() == null ? resolved : resolved.getParent();
        continue;
      }
      if (next.toString().equals(".")) {
        continue;
      }
      if (nodes.get(candidate) instanceof Link link) {
        if (++hops > 40) {
          return null;
        }
        Path destination = candidate.getFileSystem().getPath(link.destination());
        java.util.List<Path> parts = new ArrayList<>();
        destination.forEach(parts::add);
        for (int i = parts.size() - 1; i >= 0; i--) {
          left.addFirst(parts.get(i));
        }
        if (destination.isAbsolute()) {
          resolved = destination.getRoot();
        }
        continue;
      }
      resolved = candidate;
    }
    return resolved;
  }

  /**
   * A directory of the fake tree. New files are unnamed until linked, as with {@code O_TMPFILE};
   * their label in {@link #operations()} is the provisional path they were staged for.
   */
  private final class Directory implements ArtifactDirectory {
    private final Path opened;
    private final Path dir;

    /** Opened by {@code opened}, which names {@code dir} once symlinks are followed. */
    Directory(Path opened, Path dir) {
      this.opened = opened;
      this.dir = dir;
    }

    @Override
    public Path path() {
      return opened;
    }

    InMemoryNodes owner() {
      return InMemoryNodes.this;
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
      return InMemoryNodes.this.inspect(dir.resolve(checkName(name)));
    }

    @Override
    public StagedFile stageCopy(
        String source, NodeState.RegularFile expected, Hasher hasher, StageOptions options)
        throws IOException {
      return stageCopyFrom(this, source, expected, hasher, options);
    }

    @Override
    public StagedFile stageCopyFrom(
        ArtifactDirectory from,
        String source,
        NodeState.RegularFile expected,
        Hasher hasher,
        StageOptions options)
        throws IOException {
      if (!(from instanceof Directory origin) || origin.owner() != InMemoryNodes.this) {
        throw new IllegalArgumentException(
            "the source directory was not opened by this store: " + from.path());
      }
      synchronized (InMemoryNodes.this) {
        Path label = dir.resolve(checkName(options.provisionalName()));
        Path sourcePath = origin.dir.resolve(checkName(source));
        op("copy " + sourcePath + " -> " + label);
        File src = inspected(sourcePath, expected);
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
    public Optional<HeldFile> holdInPlace(
        String source, NodeState.RegularFile expected, Hasher hasher) throws IOException {
      synchronized (InMemoryNodes.this) {
        Path sourcePath = dir.resolve(checkName(source));
        op("hold " + sourcePath);
        File src = inspected(sourcePath, expected);
        long links = nodes.values().stream().filter(n -> n == src).count();
        // as the real backends: other links would share the capture; only an owner (or root) links
        if (!holdsInPlace || links != 1 || processUid != 0 && processUid != src.uid) {
          return Optional.empty();
        }
        Hasher.Session session = hasher.newSession();
        session.update(src.bytes, 0, src.bytes.length);
        return Optional.of(
            new Held(
                this,
                sourcePath,
                src,
                new Copied(
                    src.bytes.length, session.finish(), 0, ExtendedAttributes.of(src.xattrs))));
      }
    }

    @Override
    public StagedFile stageBytes(byte[] bytes, int permissions, StageOptions options)
        throws IOException {
      synchronized (InMemoryNodes.this) {
        if (permissions < 0 || permissions > 07777) {
          throw new IllegalArgumentException(
              String.format("permissions (%o) must be between 0 and 07777", permissions));
        }
        Path label = dir.resolve(checkName(options.provisionalName()));
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
            new Copied(bytes.length, Sha256.of(bytes), 0));
      }
    }

    @Override
    public void createSymlink(String name, String destination) throws IOException {
      synchronized (InMemoryNodes.this) {
        Path link = dir.resolve(checkName(name));
        op("symlink " + link + " -> " + destination);
        create(link);
        nodes.put(link, new Link(destination));
      }
    }

    @Override
    public SmallFile readSmall(String name, int maxBytes) throws IOException {
      synchronized (InMemoryNodes.this) {
        Path file = dir.resolve(checkName(name));
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
        Path file = dir.resolve(checkName(name));
        op("hash " + file);
        File f = regular(file);
        Hasher.Session session = hasher.newSession();
        session.update(f.bytes, 0, f.bytes.length);
        return session.finish();
      }
    }

    @Override
    public SeekableByteChannel openRead(String name) throws IOException {
      synchronized (InMemoryNodes.this) {
        Path file = dir.resolve(name);
        op("openRead " + file);
        // the bytes as they are at the open, as a descriptor would hold them
        byte[] bytes = regular(file).bytes.clone();
        return new ReadOnlyBytes(bytes);
      }
    }

    @Override
    public ExtendedAttributes xattrs(String name) throws IOException {
      synchronized (InMemoryNodes.this) {
        op("xattrs " + dir.resolve(checkName(name)));
        return ExtendedAttributes.of(regular(dir.resolve(name)).xattrs);
      }
    }

    @Override
    public long mismatch(String first, String second) throws IOException {
      synchronized (InMemoryNodes.this) {
        op("compare " + dir.resolve(checkName(first)) + " " + dir.resolve(checkName(second)));
        return Arrays.mismatch(
            regular(dir.resolve(first)).bytes, regular(dir.resolve(second)).bytes);
      }
    }

    @Override
    public void rename(String source, String destination) throws IOException {
      synchronized (InMemoryNodes.this) {
        Path from = dir.resolve(checkName(source));
        Path to = dir.resolve(checkName(destination));
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
        Path path = dir.resolve(checkName(name));
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
        // as chown(2): only root gives a file away; the refusal is ignored, the file stays ours
        if (processUid == 0 && metadata.uid() != null) {
          file.uid = metadata.uid();
        }
        if (processUid == 0 && metadata.gid() != null) {
          file.gid = metadata.gid();
        }
        file.mode = FileMode.S_IFREG | metadata.mode().permissions();
        // as setxattr(2): outside user.* (security.capability, trusted.*) only root may set them
        List<String> notApplied = new ArrayList<>();
        if (copied != null) {
          copied
              .xattrs()
              .asMap()
              .forEach(
                  (name, value) -> {
                    if (processUid == 0 || name.startsWith("user.")) {
                      file.xattrs.put(name, value);
                    } else {
                      notApplied.add(name);
                    }
                  });
        }
        if (metadata.mtime() != null) {
          file.mtime = metadata.mtime();
        }
        return List.copyOf(notApplied);
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
        Path path = dir.dir.resolve(checkName(name));
        op("link " + label + " -> " + path);
        create(path);
        nodes.put(path, file);
        named = true;
      }
    }

    @Override
    public void replace(String name) throws IOException {
      synchronized (InMemoryNodes.this) {
        Path path = dir.dir.resolve(checkName(name));
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

  /**
   * A file of the fake tree held in place: its own node, flushed and named again as a staged file
   * is, never discarded.
   */
  private final class Held implements HeldFile {
    private final Path label;
    private final File file;
    private final Copied copied;
    private final byte[] bytesRead;
    private final Staged named;
    private boolean awaited;

    Held(Directory dir, Path label, File file, Copied copied) {
      this.label = label;
      this.file = file;
      this.copied = copied;
      this.bytesRead = file.bytes;
      this.named = new Staged(dir, label, file, copied);
    }

    @Override
    public Copied await() throws IOException {
      synchronized (InMemoryNodes.this) {
        op("await " + label);
        if (file.bytes != bytesRead) {
          throw new IOException(label + " changed while it was read");
        }
        awaited = true;
        return copied;
      }
    }

    @Override
    public Copied copied() {
      if (!awaited) {
        throw new IllegalStateException("await() first");
      }
      return copied;
    }

    @Override
    public FlushResult sync() throws IOException {
      return named.sync();
    }

    @Override
    public void link(String name) throws IOException {
      named.link(name);
    }

    @Override
    public void close() {
      synchronized (InMemoryNodes.this) {
        operations.add("release " + label);
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
        List.copyOf(f.xattrs.keySet()),
        keyOf(f));
  }

  private static String keyOf(File f) {
    return "inode:" + f.inode;
  }

  /** As the real stores: every name a directory handle takes is one path component. */
  private static String checkName(String name) {
    java.util.Objects.requireNonNull(name, "name");
    if (name.isEmpty()
        || name.equals(".")
        || name.equals("..")
        || name.indexOf('/') >= 0
        || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          String.format(
              "name (%s) must be one path component: not empty, '.' or '..', without '/'", name));
    }
    return name;
  }

  /** The regular file at {@code path}, refused if it is not the one inspected. */
  private File inspected(Path path, NodeState.RegularFile expected) throws IOException {
    File file = regular(path);
    if (expected.fileKey() != null && !expected.fileKey().equals(keyOf(file))) {
      throw new FileSystemException(
          path.toString(),
          null,
          "was replaced by another file since it was inspected (file key "
              + keyOf(file)
              + ", expected "
              + expected.fileKey()
              + ")");
    }
    return file;
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
