package io.backupsidecar.app.support;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.ExtendedAttributes;
import io.backupsidecar.domain.model.FlushResult;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.Hasher;
import io.backupsidecar.domain.port.StagedFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Passes every call to another directory handle; tests override the calls they watch. */
public class ForwardingArtifactDirectory implements ArtifactDirectory {
  protected final ArtifactDirectory delegate;

  /** Forwards to {@code delegate}. */
  public ForwardingArtifactDirectory(ArtifactDirectory delegate) {
    this.delegate = delegate;
  }

  @Override
  public Path path() {
    return delegate.path();
  }

  @Override
  public List<String> list() throws IOException {
    return delegate.list();
  }

  @Override
  public NodeState inspect(String name) throws IOException {
    return delegate.inspect(name);
  }

  @Override
  public StagedFile stageCopy(
      String source, NodeState.RegularFile expected, Hasher hasher, StageOptions options)
      throws IOException {
    return delegate.stageCopy(source, expected, hasher, options);
  }

  @Override
  public StagedFile stageCopyFrom(
      ArtifactDirectory from,
      String source,
      NodeState.RegularFile expected,
      Hasher hasher,
      StageOptions options)
      throws IOException {
    ArtifactDirectory origin =
        from instanceof ForwardingArtifactDirectory forwarding ? forwarding.delegate : from;
    return delegate.stageCopyFrom(origin, source, expected, hasher, options);
  }

  @Override
  public java.nio.channels.SeekableByteChannel openRead(String name) throws IOException {
    return delegate.openRead(name);
  }

  @Override
  public StagedFile stageBytes(byte[] bytes, int permissions, StageOptions options)
      throws IOException {
    return delegate.stageBytes(bytes, permissions, options);
  }

  @Override
  public void createSymlink(String name, String destination) throws IOException {
    delegate.createSymlink(name, destination);
  }

  @Override
  public SmallFile readSmall(String name, int maxBytes) throws IOException {
    return delegate.readSmall(name, maxBytes);
  }

  @Override
  public ContentHash hash(String name, Hasher hasher) throws IOException {
    return delegate.hash(name, hasher);
  }

  @Override
  public ExtendedAttributes xattrs(String name) throws IOException {
    return delegate.xattrs(name);
  }

  @Override
  public long mismatch(String first, String second) throws IOException {
    return delegate.mismatch(first, second);
  }

  @Override
  public void rename(String source, String destination) throws IOException {
    delegate.rename(source, destination);
  }

  @Override
  public boolean delete(String name) throws IOException {
    return delegate.delete(name);
  }

  @Override
  public FlushResult sync() throws IOException {
    return delegate.sync();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
