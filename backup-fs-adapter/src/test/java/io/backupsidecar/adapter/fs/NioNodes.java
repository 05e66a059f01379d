package io.backupsidecar.adapter.fs;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import io.backupsidecar.domain.contract.NodeFixture;
import io.backupsidecar.domain.model.ExtendedAttributes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The {@link NodeFixture} on a NIO directory: the real filesystem or Jimfs. */
public final class NioNodes implements NodeFixture {

  private final Path directory;
  private final boolean real;
  private final boolean userXattrs;

  private NioNodes(Path directory, boolean real, boolean userXattrs) {
    this.directory = directory;
    this.real = real;
    this.userXattrs = userXattrs;
  }

  /** A directory of the platform filesystem (Linux). */
  public static NioNodes real(Path directory) throws IOException {
    return new NioNodes(directory, true, Fixtures.userXattrsWork(directory));
  }

  /** A directory of a Jimfs made by {@link Fixtures#jimfsUnix()}. */
  public static NioNodes jimfs(Path directory) {
    return new NioNodes(directory, false, true);
  }

  private Path at(String name) {
    return directory.resolve(name);
  }

  @Override
  public Path directory() {
    return directory;
  }

  @Override
  public void file(String name, byte[] bytes, int mode) throws IOException {
    Files.write(at(name), bytes);
    Metadata.setPermissions(at(name), mode);
  }

  @Override
  public void subdirectory(String name) throws IOException {
    Files.createDirectory(at(name));
  }

  @Override
  public void symlink(String name, String destination) throws IOException {
    Files.createSymbolicLink(at(name), directory.getFileSystem().getPath(destination));
  }

  @Override
  public void fifo(String name) throws IOException {
    try {
      Fixtures.mkfifo(at(name));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public void xattr(String name, String xattr, byte[] value) throws IOException {
    if (!xattr.startsWith("user.")) {
      throw new IllegalArgumentException("NIO reaches user.* xattrs only: " + xattr);
    }
    view(name).write(xattr.substring(5), ByteBuffer.wrap(value));
  }

  @Override
  public void mtime(String name, Instant mtime) throws IOException {
    Files.setLastModifiedTime(at(name), FileTime.from(mtime));
  }

  @Override
  public void atime(String name, Instant atime) throws IOException {
    Files.getFileAttributeView(at(name), BasicFileAttributeView.class, NOFOLLOW_LINKS)
        .setTimes(null, FileTime.from(atime), null);
  }

  @Override
  public void swap(String name, byte[] bytes) throws IOException {
    // Created while the original still exists, so it cannot reuse the original's inode.
    Path impostor = Files.write(at(name + ".impostor"), bytes);
    Files.move(impostor, at(name), REPLACE_EXISTING);
  }

  @Override
  public void delete(String name) throws IOException {
    Files.delete(at(name));
  }

  @Override
  public byte[] bytes(String name) throws IOException {
    return Files.readAllBytes(at(name));
  }

  @Override
  public int mode(String name) throws IOException {
    return Lstat.read(at(name)).permissions();
  }

  @Override
  public Integer uid(String name) throws IOException {
    return Lstat.read(at(name)).uid();
  }

  @Override
  public Integer gid(String name) throws IOException {
    return Lstat.read(at(name)).gid();
  }

  @Override
  public Instant atime(String name) throws IOException {
    return ((FileTime) Files.getAttribute(at(name), "basic:lastAccessTime", NOFOLLOW_LINKS))
        .toInstant();
  }

  @Override
  public Instant mtime(String name) throws IOException {
    return Files.getLastModifiedTime(at(name), NOFOLLOW_LINKS).toInstant();
  }

  @Override
  public ExtendedAttributes xattrs(String name) throws IOException {
    UserDefinedFileAttributeView view = view(name);
    Map<String, byte[]> values = new TreeMap<>();
    for (String xattr : view.list()) {
      ByteBuffer value = ByteBuffer.allocate(view.size(xattr));
      view.read(xattr, value);
      values.put("user." + xattr, java.util.Arrays.copyOf(value.array(), value.position()));
    }
    return ExtendedAttributes.of(values);
  }

  private UserDefinedFileAttributeView view(String name) {
    return Files.getFileAttributeView(at(name), UserDefinedFileAttributeView.class, NOFOLLOW_LINKS);
  }

  @Override
  public String symlinkDestination(String name) throws IOException {
    return Files.isSymbolicLink(at(name)) ? Files.readSymbolicLink(at(name)).toString() : null;
  }

  @Override
  public boolean exists(String name) {
    return Files.exists(at(name), NOFOLLOW_LINKS);
  }

  @Override
  public boolean isDirectory(String name) {
    return Files.isDirectory(at(name), NOFOLLOW_LINKS);
  }

  @Override
  public List<String> names() throws IOException {
    List<String> names = new ArrayList<>();
    try (var entries = Files.newDirectoryStream(directory)) {
      entries.forEach(p -> names.add(p.getFileName().toString()));
    }
    return names;
  }

  @Override
  public boolean permissions() {
    return true;
  }

  @Override
  public boolean specialBits() {
    return real;
  }

  @Override
  public boolean chowns() {
    return real && Fixtures.isRoot();
  }

  @Override
  public boolean fifos() {
    return real;
  }

  @Override
  public boolean userXattrs() {
    return userXattrs;
  }

  @Override
  public boolean flushes() {
    return real;
  }
}
