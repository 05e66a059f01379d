package io.backupsidecar.app.reliability;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The durable-state model: a checkpoint of a directory tree (assumed all on disk) plus the log of
 * the operations done since, from which a crash state after any operation is replayed under a crash
 * model and materialized into a fresh Jimfs.
 *
 * <p>The rules: a directory entry change (create, symlink, rename, delete) survives power loss only
 * if its directory was flushed after it; a file's data and attribute changes survive only if that
 * file was flushed after them. Names map to inodes, and a rename moves the inode it renamed, so
 * replaying a subset of operations gives the states a reordering filesystem could leave.
 */
final class FsModel {
  /** How a crash treats what was not flushed. */
  enum CrashModel {
    /** The process dies; the kernel keeps everything done so far. */
    PROCESS_CRASH,
    /** Power loss keeping only what was flushed. */
    PESSIMISTIC_POWER_LOSS,
    /** Power loss keeping, dropping or garbling each unflushed change at random (seeded). */
    RANDOM_POWER_LOSS
  }

  /** A file, symlink or directory as stored. */
  static final class Inode {
    final boolean symlink;
    final boolean directory;
    byte[] data = new byte[0];
    int mode;
    Instant mtime;
    String linkDest;

    Inode(boolean symlink, boolean directory) {
      this.symlink = symlink;
      this.directory = directory;
    }

    Inode copy() {
      Inode c = new Inode(symlink, directory);
      c.data = data.clone();
      c.mode = mode;
      c.mtime = mtime;
      c.linkDest = linkDest;
      return c;
    }

    void write(long position, byte[] bytes) {
      int end = (int) position + bytes.length;
      if (end > data.length) {
        data = Arrays.copyOf(data, end);
      }
      System.arraycopy(bytes, 0, data, (int) position, bytes.length);
    }
  }

  /** Directory path -> (name -> inode), and inode -> contents. */
  private final Map<String, Map<String, Integer>> dirs;

  private final Map<Integer, Inode> inodes;

  private FsModel(Map<String, Map<String, Integer>> dirs, Map<Integer, Inode> inodes) {
    this.dirs = dirs;
    this.inodes = inodes;
  }

  /** Captures the tree under {@code root} of the wrapped filesystem (quietly). */
  static FsModel checkpoint(FaultyFileSystem fs, Path root) throws IOException {
    Map<String, Map<String, Integer>> dirs = new TreeMap<>();
    Map<Integer, Inode> inodes = new HashMap<>();
    capture(fs, FaultyProvider.unwrap(root), dirs, inodes);
    return new FsModel(dirs, inodes);
  }

  private static void capture(
      FaultyFileSystem fs,
      Path dir,
      Map<String, Map<String, Integer>> dirs,
      Map<Integer, Inode> inodes)
      throws IOException {
    Map<String, Integer> entries = new TreeMap<>();
    dirs.put(dir.toString(), entries);
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      s.forEach(children::add);
    }
    for (Path child : children) {
      int ino = fs.inodeOf(child);
      entries.put(child.getFileName().toString(), ino);
      if (Files.isSymbolicLink(child)) {
        Inode n = new Inode(true, false);
        n.linkDest = Files.readSymbolicLink(child).toString();
        inodes.put(ino, n);
      } else if (Files.isDirectory(child, NOFOLLOW_LINKS)) {
        inodes.put(ino, new Inode(false, true));
        capture(fs, child, dirs, inodes);
      } else {
        Inode n = new Inode(false, false);
        n.data = Files.readAllBytes(child);
        n.mode = FaultyProvider.permissions(child);
        n.mtime = Files.getLastModifiedTime(child, NOFOLLOW_LINKS).toInstant();
        inodes.put(ino, n);
      }
    }
  }

  /** The operations that changed something, in order: the crash points lie between them. */
  static List<Op> changes(List<Op> log) {
    return log.stream().filter(Op::changed).toList();
  }

  /**
   * The state left by a crash after the first {@code k} changes.
   *
   * @param random used only by {@link CrashModel#RANDOM_POWER_LOSS}
   */
  FsModel crash(List<Op> changes, int k, CrashModel model, Random random) {
    Map<String, Map<String, Integer>> d = new TreeMap<>();
    dirs.forEach((name, entries) -> d.put(name, new TreeMap<>(entries)));
    Map<Integer, Inode> n = new HashMap<>();
    inodes.forEach((ino, node) -> n.put(ino, node.copy()));
    for (int j = 0; j < k; j++) {
      Op op = changes.get(j);
      boolean synced = model == CrashModel.PROCESS_CRASH || syncedBefore(changes, j, k, op);
      int fate =
          synced
              ? 0
              : model == CrashModel.PESSIMISTIC_POWER_LOSS
                  ? 1
                  : random.nextInt(op.kind() == Op.Kind.WRITE ? 3 : 2);
      // fate: 0 applied, 1 dropped, 2 garbled (writes only)
      switch (op.kind()) {
        case CREATE, SYMLINK, MKDIR -> {
          Inode node = new Inode(op.kind() == Op.Kind.SYMLINK, op.kind() == Op.Kind.MKDIR);
          node.mode = op.mode();
          node.linkDest = op.linkDest();
          n.put(op.inode(), node);
          if (op.kind() == Op.Kind.MKDIR) {
            d.putIfAbsent(op.path(), new TreeMap<>());
          }
          if (fate == 0) {
            d.computeIfAbsent(parent(op.path()), x -> new TreeMap<>())
                .put(name(op.path()), op.inode());
          }
        }
        case MOVE -> {
          if (fate == 0) {
            Map<String, Integer> from = d.computeIfAbsent(parent(op.path()), x -> new TreeMap<>());
            if (Integer.valueOf(op.inode()).equals(from.get(name(op.path())))) {
              from.remove(name(op.path()));
            }
            d.computeIfAbsent(parent(op.path2()), x -> new TreeMap<>())
                .put(name(op.path2()), op.inode());
          }
        }
        case DELETE -> {
          if (fate == 0) {
            Map<String, Integer> in = d.computeIfAbsent(parent(op.path()), x -> new TreeMap<>());
            if (Integer.valueOf(op.inode()).equals(in.get(name(op.path())))) {
              in.remove(name(op.path()));
            }
          }
        }
        case WRITE -> {
          Inode node = n.get(op.inode());
          if (node != null && fate != 1) {
            byte[] bytes = op.data();
            if (fate == 2) {
              bytes = new byte[bytes.length];
              random.nextBytes(bytes);
            }
            node.write(op.position(), bytes);
          }
        }
        case TRUNCATE -> {
          Inode node = n.get(op.inode());
          if (node != null && fate == 0) {
            node.data = Arrays.copyOf(node.data, (int) Math.min(node.data.length, op.position()));
          }
        }
        case SET_MODE -> {
          Inode node = n.get(op.inode());
          if (node != null && fate == 0) {
            node.mode = op.mode();
          }
        }
        case SET_TIMES -> {
          Inode node = n.get(op.inode());
          if (node != null && fate == 0 && op.mtime() != null) {
            node.mtime = op.mtime();
          }
        }
        default -> {
          // FORCE, DIR_FORCE, SET_OTHER: nothing to replay
        }
      }
    }
    return new FsModel(d, n);
  }

  /** Whether the change j was made durable by a flush among changes (j, k). */
  private static boolean syncedBefore(List<Op> changes, int j, int k, Op op) {
    for (int i = j + 1; i < k; i++) {
      Op later = changes.get(i);
      if (op.kind().isDirectoryOp()
          && later.kind() == Op.Kind.DIR_FORCE
          && later.path().equals(parent(op.path()))
          && (op.kind() != Op.Kind.MOVE || later.path().equals(parent(op.path2())))) {
        return true;
      }
      if (op.kind().isInodeOp() && later.kind() == Op.Kind.FORCE && later.inode() == op.inode()) {
        return true;
      }
    }
    return !op.kind().isDirectoryOp() && !op.kind().isInodeOp();
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** A fingerprint of the visible state (names, kinds, bytes, modes), to count distinct states. */
  String fingerprint() {
    StringBuilder b = new StringBuilder();
    dirs.forEach(
        (dir, entries) -> {
          b.append(dir).append('{');
          entries.forEach(
              (name, ino) -> {
                Inode node = inodes.get(ino);
                b.append(name).append('=');
                if (node.symlink) {
                  b.append("->").append(node.linkDest);
                } else if (!node.directory) {
                  b.append(Integer.toOctalString(node.mode))
                      .append(':')
                      .append(Arrays.hashCode(node.data))
                      .append('/')
                      .append(node.data.length);
                }
                b.append(';');
              });
          b.append('}');
        });
    return b.toString();
  }

  /** Writes this state into a fresh Jimfs, wrapped so recovery runs through the same layer. */
  FaultyFileSystem materialize() throws IOException {
    FileSystem jimfs = POOL.get();
    for (String dir : dirs.keySet()) {
      clear(jimfs.getPath(dir));
    }
    for (String dir : dirs.keySet()) {
      Files.createDirectories(jimfs.getPath(dir));
    }
    for (Map.Entry<String, Map<String, Integer>> e : dirs.entrySet()) {
      for (Map.Entry<String, Integer> entry : e.getValue().entrySet()) {
        Path p = jimfs.getPath(e.getKey()).resolve(entry.getKey());
        Inode node = inodes.get(entry.getValue());
        if (node.directory) {
          Files.createDirectories(p);
        } else if (node.symlink) {
          Files.createSymbolicLink(p, jimfs.getPath(node.linkDest));
        } else {
          Files.write(p, node.data);
          Files.setPosixFilePermissions(p, perms(node.mode));
          if (node.mtime != null) {
            Files.setLastModifiedTime(p, FileTime.from(node.mtime));
          }
        }
      }
    }
    return new FaultyFileSystem(jimfs);
  }

  /** One Jimfs per thread, emptied and refilled for each state: creating one costs more. */
  private static final ThreadLocal<FileSystem> POOL =
      ThreadLocal.withInitial(() -> Jimfs.newFileSystem(FaultyFileSystem.jimfsConfig()));

  private static void clear(Path dir) throws IOException {
    if (!Files.isDirectory(dir, NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      s.forEach(children::add);
    }
    for (Path child : children) {
      if (Files.isDirectory(child, NOFOLLOW_LINKS)) {
        clear(child);
      }
      Files.delete(child);
    }
  }

  private static Set<PosixFilePermission> perms(int bits) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission p : PosixFilePermission.values()) {
      if ((bits & (0400 >> p.ordinal())) != 0) {
        set.add(p);
      }
    }
    return set;
  }
}
