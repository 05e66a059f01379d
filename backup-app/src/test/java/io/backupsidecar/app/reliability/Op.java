package io.backupsidecar.app.reliability;

import java.time.Instant;

/**
 * One logged filesystem operation of a {@link FaultyFileSystem}: what was asked, on which inode,
 * and whether it failed (by injection or because the backend refused).
 *
 * @param index the operation's number in the current run (the fault counter)
 * @param kind what it was
 * @param path the path it named (the directory for a directory flush)
 * @param path2 the destination of a move, or null
 * @param inode the inode it acted on, or -1 when none (a failed or read-only operation)
 * @param position the file position of a write, or the size of a truncate
 * @param data the bytes of a write, or null
 * @param mode the permission bits of a create or mode change, or -1
 * @param mtime the mtime of a times change, or null
 * @param linkDest the destination of a created symlink, or null
 * @param injected the fault injected into this operation, or null
 * @param failed whether it threw (injected or not)
 */
record Op(
    int index,
    Kind kind,
    String path,
    String path2,
    int inode,
    long position,
    byte[] data,
    int mode,
    Instant mtime,
    String linkDest,
    Fault injected,
    boolean failed) {

  /** What an operation does, and so which faults and which crash rules apply to it. */
  enum Kind {
    STAT(false),
    LIST(false),
    OPEN_READ(false),
    OPEN_DIR(false),
    READ(false),
    READLINK(false),
    CREATE(true),
    WRITE(true),
    TRUNCATE(true),
    FORCE(true),
    DIR_FORCE(true),
    MOVE(true),
    DELETE(true),
    SYMLINK(true),
    SET_MODE(true),
    SET_TIMES(true),
    SET_OTHER(true),
    MKDIR(true);

    final boolean mutating;

    Kind(boolean mutating) {
      this.mutating = mutating;
    }

    /** A change to a directory's entries: durable only after that directory is flushed. */
    boolean isDirectoryOp() {
      return this == CREATE || this == MOVE || this == DELETE || this == SYMLINK || this == MKDIR;
    }

    /** A change to a file's data or attributes: durable only after that file is flushed. */
    boolean isInodeOp() {
      return this == WRITE || this == TRUNCATE || this == SET_MODE || this == SET_TIMES;
    }
  }

  /** Whether this operation changed the filesystem (completed and mutating). */
  boolean changed() {
    return !failed && kind.mutating;
  }

  @Override
  public String toString() {
    return String.format(
        "#%d %s %s%s%s%s",
        index,
        kind,
        path,
        path2 == null ? "" : " -> " + path2,
        inode < 0 ? "" : " ino=" + inode,
        injected != null ? " INJECTED " + injected : failed ? " (failed)" : "");
  }
}
