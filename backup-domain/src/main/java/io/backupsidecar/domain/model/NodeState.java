package io.backupsidecar.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What is at a path now, seen without following a final symlink: a regular file, a symlink,
 * nothing, or a kind this tool refuses to snapshot.
 */
public sealed interface NodeState
    permits NodeState.RegularFile, NodeState.Symlink, NodeState.Absent, NodeState.Unsupported {

  /** The kind a sidecar records for this state; {@link Unsupported} has none. */
  PriorKind priorKind();

  /**
   * A regular file.
   *
   * @param size its size in bytes
   * @param metadata mode (full st_mode), owner, group and mtime
   * @param xattrNames the names of its user extended attributes (empty when none or unknown)
   * @param fileKey an opaque identity of the file (device and inode), or {@code null} when the
   *     backend has none; used to notice the file being swapped while it is copied
   */
  record RegularFile(long size, FileMetadata metadata, List<String> xattrNames, String fileKey)
      implements NodeState {
    /** Checks the parts and copies the list. */
    public RegularFile {
      if (size < 0) {
        throw new IllegalArgumentException(String.format("size (%d) must not be negative", size));
      }
      Objects.requireNonNull(metadata, "metadata");
      xattrNames = List.copyOf(xattrNames);
    }

    @Override
    public PriorKind priorKind() {
      return PriorKind.FILE;
    }
  }

  /**
   * A symbolic link.
   *
   * @param destination its raw destination, exactly as stored (relative stays relative)
   */
  record Symlink(String destination) implements NodeState {
    /** Checks the destination is present. */
    public Symlink {
      Objects.requireNonNull(destination, "destination");
    }

    @Override
    public PriorKind priorKind() {
      return PriorKind.SYMLINK;
    }
  }

  /** Nothing is at the path. */
  record Absent() implements NodeState {
    @Override
    public PriorKind priorKind() {
      return PriorKind.NONE;
    }
  }

  /**
   * A directory, FIFO, socket, device or anything else this tool refuses to snapshot.
   *
   * @param kind which kind it is
   */
  record Unsupported(Kind kind) implements NodeState {
    /** Checks the kind is present. */
    public Unsupported {
      Objects.requireNonNull(kind, "kind");
    }

    @Override
    public PriorKind priorKind() {
      throw new UnsupportedOperationException("a " + kind.label() + " has no prior kind");
    }

    /** The kinds of node that are refused. */
    public enum Kind {
      /** A directory. */
      DIRECTORY("directory"),
      /** A named pipe. */
      FIFO("FIFO"),
      /** A Unix domain socket. */
      SOCKET("socket"),
      /** A block or character device. */
      DEVICE("device"),
      /** Anything else the backend reports. */
      OTHER("special file");

      private final String label;

      Kind(String label) {
        this.label = label;
      }

      /** A word for messages, e.g. {@code "FIFO"}. */
      public String label() {
        return label;
      }
    }
  }

  /**
   * Metadata of a regular file that a snapshot preserves.
   *
   * @param mode the full st_mode
   * @param uid the owner, or {@code null} when unknown (the backend has no unix view)
   * @param gid the group, or {@code null} when unknown
   * @param mtime the last-modified time, or {@code null} when unknown
   */
  record FileMetadata(FileMode mode, Integer uid, Integer gid, Instant mtime) {
    /** Checks the mode is present. */
    public FileMetadata {
      Objects.requireNonNull(mode, "mode");
    }
  }
}
