package io.backupsidecar.app.reliability;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.spi.FileSystemProvider;
import java.util.Map;
import java.util.Set;

/**
 * The provider of a {@link FaultyFileSystem}: unwraps paths, numbers and logs each operation,
 * injects the armed fault before the operation is done (so a failed operation has no effect), and
 * wraps channels, directory streams and attribute views so their operations are seen too.
 */
final class FaultyProvider extends FileSystemProvider {
  private final FaultyFileSystem fs;

  FaultyProvider(FaultyFileSystem fs) {
    this.fs = fs;
  }

  static Path unwrap(Path p) {
    if (p instanceof FaultyPath f) {
      return f.delegate;
    }
    if (p == null) {
      throw new NullPointerException("path");
    }
    throw new ProviderMismatchException("not a FaultyPath: " + p.getClass());
  }

  private FileSystemProvider inner() {
    return fs.delegate.provider();
  }

  @Override
  public String getScheme() {
    return "faultyfs";
  }

  @Override
  public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
    throw new UnsupportedOperationException("create with FaultyFileSystem.overJimfs()");
  }

  @Override
  public FileSystem getFileSystem(URI uri) {
    throw new UnsupportedOperationException("not registered");
  }

  @Override
  public Path getPath(URI uri) {
    throw new UnsupportedOperationException("not registered");
  }

  @Override
  public SeekableByteChannel newByteChannel(
      Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
    return newFileChannel(path, options, attrs);
  }

  @Override
  public FileChannel newFileChannel(
      Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
    Path d = unwrap(path);
    boolean writes =
        options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
    boolean creates =
        options.contains(StandardOpenOption.CREATE_NEW)
            || options.contains(StandardOpenOption.CREATE) && !exists(d);
    if (!writes && isDirectory(d)) {
      // What FileChannel.open(dir, READ) gives on Linux: a descriptor to fsync the directory.
      int index = fs.enter(Op.Kind.OPEN_DIR, d, null, -1);
      fs.done(index, Op.Kind.OPEN_DIR, d, null, -1, -1, null, -1, null, null);
      return new DirectoryChannel(fs, d);
    }
    Op.Kind kind = creates ? Op.Kind.CREATE : Op.Kind.OPEN_READ;
    int index = fs.enter(kind, d, null, -1);
    FileChannel channel;
    try {
      channel = inner().newFileChannel(d, options, attrs);
    } catch (IOException | RuntimeException e) {
      fs.failed(index, kind, d, null, -1);
      throw e;
    }
    int inode;
    try {
      inode = fs.inodeForLog(d);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    fs.done(
        index,
        kind,
        d,
        null,
        inode,
        -1,
        null,
        creates && fs.logging() ? permissions(d) : -1,
        null,
        null);
    if (options.contains(StandardOpenOption.TRUNCATE_EXISTING) && writes && !creates) {
      fs.done(index, Op.Kind.TRUNCATE, d, null, inode, 0, null, -1, null, null);
    }
    return new FaultyChannel(fs, d, inode, channel);
  }

  private static boolean exists(Path d) {
    return Files.exists(d, NOFOLLOW_LINKS);
  }

  private static boolean isDirectory(Path d) {
    return Files.isDirectory(d, NOFOLLOW_LINKS);
  }

  static int permissions(Path d) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(d, NOFOLLOW_LINKS);
    int bits = 0;
    for (PosixFilePermission p : perms) {
      bits |= 0400 >> p.ordinal();
    }
    return bits;
  }

  @Override
  public DirectoryStream<Path> newDirectoryStream(
      Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
    Path d = unwrap(dir);
    int index = fs.enter(Op.Kind.LIST, d, null, -1);
    DirectoryStream<Path> stream;
    try {
      stream = inner().newDirectoryStream(d, p -> filter.accept(fs.wrap(p)));
    } catch (IOException | RuntimeException e) {
      fs.failed(index, Op.Kind.LIST, d, null, -1);
      throw e;
    }
    fs.done(index, Op.Kind.LIST, d, null, -1, -1, null, -1, null, null);
    return new FaultyDirectoryStream(fs, stream);
  }

  @Override
  public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
    Path d = unwrap(dir);
    int index = fs.enter(Op.Kind.MKDIR, d, null, -1);
    try {
      inner().createDirectory(d, attrs);
    } catch (IOException | RuntimeException e) {
      fs.failed(index, Op.Kind.MKDIR, d, null, -1);
      throw e;
    }
    fs.done(index, Op.Kind.MKDIR, d, null, fs.inodeForLog(d), -1, null, permissions(d), null, null);
  }

  @Override
  public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs)
      throws IOException {
    Path d = unwrap(link);
    Path t = target instanceof FaultyPath f ? f.delegate : fs.delegate.getPath(target.toString());
    int index = fs.enter(Op.Kind.SYMLINK, d, null, -1);
    try {
      inner().createSymbolicLink(d, t, attrs);
    } catch (IOException | RuntimeException e) {
      fs.failed(index, Op.Kind.SYMLINK, d, null, -1);
      throw e;
    }
    fs.done(index, Op.Kind.SYMLINK, d, null, fs.inodeForLog(d), -1, null, -1, null, t.toString());
  }

  @Override
  public Path readSymbolicLink(Path link) throws IOException {
    Path d = unwrap(link);
    int index = fs.enter(Op.Kind.READLINK, d, null, -1);
    try {
      Path result = inner().readSymbolicLink(d);
      fs.done(index, Op.Kind.READLINK, d, null, -1, -1, null, -1, null, null);
      return fs.wrap(result);
    } catch (IOException | RuntimeException e) {
      fs.failed(index, Op.Kind.READLINK, d, null, -1);
      throw e;
    }
  }

  @Override
  public void delete(Path path) throws IOException {
    Path d = unwrap(path);
    int index = fs.enter(Op.Kind.DELETE, d, null, -1);
    int inode;
    try {
      inode = fs.inodeForLog(d);
      inner().delete(d);
    } catch (IOException | RuntimeException e) {
      fs.failed(index, Op.Kind.DELETE, d, null, -1);
      throw e;
    }
    fs.done(index, Op.Kind.DELETE, d, null, inode, -1, null, -1, null, null);
  }

  @Override
  public boolean deleteIfExists(Path path) throws IOException {
    try {
      delete(path);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  @Override
  public void copy(Path source, Path target, CopyOption... options) throws IOException {
    throw new UnsupportedOperationException("the adapters never copy with Files.copy");
  }

  @Override
  public void move(Path source, Path target, CopyOption... options) throws IOException {
    Path s = unwrap(source);
    Path t = unwrap(target);
    int index = fs.enter(Op.Kind.MOVE, s, t, -1);
    int inode;
    try {
      inode = fs.inodeForLog(s);
      inner().move(s, t, options);
    } catch (IOException | RuntimeException e) {
      fs.failed(index, Op.Kind.MOVE, s, t, -1);
      throw e;
    }
    fs.done(index, Op.Kind.MOVE, s, t, inode, -1, null, -1, null, null);
  }

  @Override
  public boolean isSameFile(Path path, Path path2) throws IOException {
    return inner().isSameFile(unwrap(path), unwrap(path2));
  }

  @Override
  public boolean isHidden(Path path) throws IOException {
    return inner().isHidden(unwrap(path));
  }

  @Override
  public FileStore getFileStore(Path path) throws IOException {
    return inner().getFileStore(unwrap(path));
  }

  @Override
  public void checkAccess(Path path, AccessMode... modes) throws IOException {
    Path d = unwrap(path);
    int index = fs.enter(Op.Kind.STAT, d, null, -1);
    try {
      inner().checkAccess(d, modes);
    } catch (IOException | RuntimeException e) {
      fs.failed(index, Op.Kind.STAT, d, null, -1);
      throw e;
    }
    fs.done(index, Op.Kind.STAT, d, null, -1, -1, null, -1, null, null);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V extends FileAttributeView> V getFileAttributeView(
      Path path, Class<V> type, LinkOption... options) {
    Path d = unwrap(path);
    if (type == BasicFileAttributeView.class
        || type == PosixFileAttributeView.class
        || type == FileOwnerAttributeView.class) {
      V inner = inner().getFileAttributeView(d, type, options);
      return inner == null ? null : (V) new FaultyAttributeView(fs, d, inner, options);
    }
    return inner().getFileAttributeView(d, type, options);
  }

  @Override
  public <A extends BasicFileAttributes> A readAttributes(
      Path path, Class<A> type, LinkOption... options) throws IOException {
    Path d = unwrap(path);
    int index = fs.enter(Op.Kind.STAT, d, null, -1);
    try {
      A result = inner().readAttributes(d, type, options);
      fs.done(index, Op.Kind.STAT, d, null, -1, -1, null, -1, null, null);
      return result;
    } catch (IOException | RuntimeException e) {
      fs.failed(index, Op.Kind.STAT, d, null, -1);
      throw e;
    }
  }

  @Override
  public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
      throws IOException {
    Path d = unwrap(path);
    int index = fs.enter(Op.Kind.STAT, d, null, -1);
    try {
      Map<String, Object> result = inner().readAttributes(d, attributes, options);
      fs.done(index, Op.Kind.STAT, d, null, -1, -1, null, -1, null, null);
      return result;
    } catch (IOException | RuntimeException e) {
      fs.failed(index, Op.Kind.STAT, d, null, -1);
      throw e;
    }
  }

  @Override
  public void setAttribute(Path path, String attribute, Object value, LinkOption... options)
      throws IOException {
    Path d = unwrap(path);
    Op.Kind kind =
        attribute.endsWith("mode") || attribute.endsWith("permissions")
            ? Op.Kind.SET_MODE
            : attribute.endsWith("lastModifiedTime") ? Op.Kind.SET_TIMES : Op.Kind.SET_OTHER;
    int index = fs.enter(kind, d, null, -1);
    int inode;
    try {
      inode = fs.inodeForLog(d);
      inner().setAttribute(d, attribute, value, options);
    } catch (IOException | RuntimeException e) {
      fs.failed(index, kind, d, null, -1);
      throw e;
    }
    fs.done(
        index,
        kind,
        d,
        null,
        inode,
        -1,
        null,
        kind == Op.Kind.SET_MODE && fs.logging() ? permissions(d) : -1,
        kind == Op.Kind.SET_TIMES ? ((FileTime) value).toInstant() : null,
        null);
  }
}
