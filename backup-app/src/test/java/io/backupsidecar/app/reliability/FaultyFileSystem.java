package io.backupsidecar.app.reliability;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * A fault-injecting, operation-logging {@link FileSystem} over Jimfs (or any NIO filesystem): every
 * operation the adapters do (stat, list, open, read, create, write, force, directory force, move,
 * delete, symlink, attribute change) goes through it, is numbered and logged with the inode it
 * touched, and can be made to fail: operation {@code i} once, or every applicable operation from
 * {@code i} on. Open channels and directory streams are tracked, so a test can assert none leaked.
 * The log, with a {@link FsModel} checkpoint, is what crash states are replayed from.
 *
 * <p>Thread-safe: operations are numbered and logged under one lock.
 */
final class FaultyFileSystem extends FileSystem {
  /** Jimfs as the tests use it: unix, with the views the adapters need for modes and owners. */
  static Configuration jimfsConfig() {
    return Configuration.unix().toBuilder()
        .setAttributeViews("basic", "owner", "posix", "unix")
        .build();
  }

  final FileSystem delegate;
  private final FaultyProvider provider;
  private final List<Op> log = new ArrayList<>();
  private final Set<Object> open = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<Object, Integer> inodeByKey = new HashMap<>();
  private int nextInode = 1;
  private int counter;
  private boolean quiet;
  private int failAt = -1;
  private Fault fault;
  private Fault.Mode mode;
  private int injected;

  FaultyFileSystem(FileSystem delegate) {
    this.delegate = delegate;
    this.provider = new FaultyProvider(this);
  }

  /** A fresh Jimfs wrapped. */
  static FaultyFileSystem overJimfs() {
    return new FaultyFileSystem(Jimfs.newFileSystem(jimfsConfig()));
  }

  // ---- control -------------------------------------------------------------------------

  /** Forgets the log and restarts operation numbering at 0, disarming any fault. */
  synchronized void resetLog() {
    log.clear();
    counter = 0;
    failAt = -1;
    fault = null;
    injected = 0;
  }

  /** Fails operation {@code index} (counting from the last {@link #resetLog}) as given. */
  synchronized void arm(int index, Fault fault, Fault.Mode mode) {
    this.failAt = index;
    this.fault = fault;
    this.mode = mode;
  }

  synchronized void disarm() {
    failAt = -1;
    fault = null;
  }

  /** While quiet, operations are neither numbered, logged nor failed (test bookkeeping). */
  synchronized void quiet(boolean value) {
    quiet = value;
  }

  synchronized List<Op> log() {
    return List.copyOf(log);
  }

  synchronized int operationCount() {
    return counter;
  }

  synchronized int injectedCount() {
    return injected;
  }

  synchronized List<String> openHandles() {
    return open.stream().map(String::valueOf).collect(Collectors.toList());
  }

  // ---- hooks for the provider ----------------------------------------------------------

  /**
   * Numbers an operation and throws the armed fault if it is this one's turn.
   *
   * @return the operation's number, or -1 when quiet
   */
  synchronized int enter(Op.Kind kind, Path path, Path other, int inode) throws IOException {
    if (quiet) {
      return -1;
    }
    int index = counter++;
    if (fault != null
        && fault.appliesTo(kind)
        && (mode == Fault.Mode.ONCE ? index == failAt : index >= failAt)) {
      injected++;
      log.add(
          new Op(index, kind, str(path), str(other), inode, -1, null, -1, null, null, fault, true));
      throw fault.exception(str(path), str(other));
    }
    return index;
  }

  synchronized void done(
      int index,
      Op.Kind kind,
      Path path,
      Path other,
      int inode,
      long position,
      byte[] data,
      int mode,
      Instant mtime,
      String linkDest) {
    if (index < 0) {
      return;
    }
    log.add(
        new Op(
            index,
            kind,
            str(path),
            str(other),
            inode,
            position,
            data,
            mode,
            mtime,
            linkDest,
            null,
            false));
  }

  synchronized void failed(int index, Op.Kind kind, Path path, Path other, int inode) {
    if (index < 0) {
      return;
    }
    log.add(
        new Op(index, kind, str(path), str(other), inode, -1, null, -1, null, null, null, true));
  }

  synchronized void opened(Object handle) {
    open.add(handle);
  }

  synchronized void closed(Object handle) {
    open.remove(handle);
  }

  /** Whether operations are being logged (not quiet). */
  synchronized boolean logging() {
    return !quiet;
  }

  /** The inode of a delegate path for the log: -1 while quiet (nobody reads it then). */
  int inodeForLog(Path delegatePath) throws IOException {
    return logging() ? inodeOf(delegatePath) : -1;
  }

  /** The inode number of what is at a delegate path (not following a final symlink). */
  synchronized int inodeOf(Path delegatePath) throws IOException {
    Object key = Files.readAttributes(delegatePath, "basic:fileKey", NOFOLLOW_LINKS).get("fileKey");
    return inodeByKey.computeIfAbsent(key, k -> nextInode++);
  }

  /** Like {@link #inodeOf} but -1 when nothing is there. */
  synchronized int inodeOrNone(Path delegatePath) throws IOException {
    try {
      return inodeOf(delegatePath);
    } catch (NoSuchFileException e) {
      return -1;
    }
  }

  private static String str(Path p) {
    return p == null ? null : p.toString();
  }

  // ---- FileSystem ----------------------------------------------------------------------

  FaultyPath wrap(Path delegatePath) {
    return delegatePath == null ? null : new FaultyPath(this, delegatePath);
  }

  @Override
  public FileSystemProvider provider() {
    return provider;
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @Override
  public boolean isOpen() {
    return delegate.isOpen();
  }

  @Override
  public boolean isReadOnly() {
    return delegate.isReadOnly();
  }

  @Override
  public String getSeparator() {
    return delegate.getSeparator();
  }

  @Override
  public Iterable<Path> getRootDirectories() {
    return StreamSupport.stream(delegate.getRootDirectories().spliterator(), false)
        .map(p -> (Path) wrap(p))
        .collect(Collectors.toList());
  }

  @Override
  public Iterable<FileStore> getFileStores() {
    return delegate.getFileStores();
  }

  @Override
  public Set<String> supportedFileAttributeViews() {
    return delegate.supportedFileAttributeViews();
  }

  @Override
  public Path getPath(String first, String... more) {
    return wrap(delegate.getPath(first, more));
  }

  @Override
  public PathMatcher getPathMatcher(String syntaxAndPattern) {
    PathMatcher m = delegate.getPathMatcher(syntaxAndPattern);
    return p -> m.matches(FaultyProvider.unwrap(p));
  }

  @Override
  public UserPrincipalLookupService getUserPrincipalLookupService() {
    return delegate.getUserPrincipalLookupService();
  }

  @Override
  public WatchService newWatchService() throws IOException {
    throw new UnsupportedOperationException("no watch service");
  }
}
