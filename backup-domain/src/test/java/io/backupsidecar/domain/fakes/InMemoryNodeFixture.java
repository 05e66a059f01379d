package io.backupsidecar.domain.fakes;

import io.backupsidecar.domain.contract.NodeFixture;
import io.backupsidecar.domain.model.ExtendedAttributes;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The {@link NodeFixture} on the in-memory tree of {@link InMemoryNodes}: lays nodes out through
 * the fake's own set-up methods (never through the ports under test), so the contracts of the
 * filesystem ports hold the fake to what the real adapters do.
 */
public final class InMemoryNodeFixture implements NodeFixture {

  private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");

  private final InMemoryNodes nodes;
  private final Path directory;

  /** A fixture over {@code directory}, created (empty) in {@code nodes}. */
  public InMemoryNodeFixture(InMemoryNodes nodes, Path directory) {
    this.nodes = nodes.dir(directory);
    this.directory = directory;
  }

  private Path at(String name) {
    return directory.resolve(name);
  }

  private int owner() {
    return nodes.processUid().getAsInt();
  }

  private InMemoryNodes.File file(String name) throws IOException {
    if (!(nodes.get(at(name)) instanceof InMemoryNodes.File f)) {
      throw new NoSuchFileException(at(name).toString(), null, "no regular file");
    }
    return f;
  }

  @Override
  public Path directory() {
    return directory;
  }

  @Override
  public void file(String name, byte[] bytes, int mode) {
    nodes.file(at(name), bytes, mode, owner(), owner(), CREATED);
  }

  @Override
  public void subdirectory(String name) {
    nodes.dir(at(name));
  }

  @Override
  public void symlink(String name, String destination) {
    nodes.symlink(at(name), destination);
  }

  @Override
  public void fifo(String name) {
    nodes.fifo(at(name));
  }

  @Override
  public void xattr(String name, String xattr, byte[] value) {
    nodes.xattr(at(name), xattr, value);
  }

  @Override
  public void mtime(String name, Instant mtime) {
    nodes.mtime(at(name), mtime);
  }

  @Override
  public void atime(String name, Instant atime) {
    nodes.atime(at(name), atime);
  }

  @Override
  public void swap(String name, byte[] bytes) {
    nodes.file(at(name), bytes, 0644, owner(), owner(), CREATED);
  }

  @Override
  public void delete(String name) {
    nodes.remove(at(name));
  }

  @Override
  public byte[] bytes(String name) throws IOException {
    return file(name).bytes.clone();
  }

  @Override
  public int mode(String name) throws IOException {
    return file(name).mode & 07777;
  }

  @Override
  public Integer uid(String name) throws IOException {
    return file(name).uid;
  }

  @Override
  public Integer gid(String name) throws IOException {
    return file(name).gid;
  }

  @Override
  public Instant mtime(String name) throws IOException {
    return file(name).mtime;
  }

  @Override
  public Instant atime(String name) throws IOException {
    return file(name).atime;
  }

  @Override
  public ExtendedAttributes xattrs(String name) throws IOException {
    return ExtendedAttributes.of(file(name).xattrs);
  }

  @Override
  public String symlinkDestination(String name) {
    return nodes.get(at(name)) instanceof InMemoryNodes.Link l ? l.destination() : null;
  }

  @Override
  public boolean exists(String name) {
    return nodes.get(at(name)) != null;
  }

  @Override
  public boolean isDirectory(String name) {
    return nodes.get(at(name)) instanceof InMemoryNodes.Dir;
  }

  @Override
  public List<String> names() {
    return nodes.names(directory);
  }

  @Override
  public boolean permissions() {
    return true;
  }

  @Override
  public boolean specialBits() {
    return true;
  }

  /** As on a real filesystem, only a process running as root gives a file another owner. */
  @Override
  public boolean chowns() {
    return owner() == 0;
  }

  @Override
  public boolean fifos() {
    return true;
  }

  @Override
  public boolean userXattrs() {
    return true;
  }

  @Override
  public boolean flushes() {
    return true;
  }
}
