package io.backupsidecar.app.reliability;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;

/** The failures a {@link FaultyFileSystem} injects, each with the exception the OS would give. */
enum Fault {
  /** EIO: the device failed; any operation can get it. */
  EIO,
  /** ENOSPC: only operations that may allocate (create, write, link, rename, flush). */
  ENOSPC,
  /** A rename the backend cannot do atomically (another filesystem, a FUSE mount). */
  ATOMIC_MOVE_UNSUPPORTED;

  /** Whether the OS could fail an operation of this kind this way. */
  boolean appliesTo(Op.Kind kind) {
    switch (this) {
      case EIO:
        return true;
      case ENOSPC:
        return kind == Op.Kind.CREATE
            || kind == Op.Kind.WRITE
            || kind == Op.Kind.SYMLINK
            || kind == Op.Kind.MOVE
            || kind == Op.Kind.FORCE
            || kind == Op.Kind.DIR_FORCE
            || kind == Op.Kind.MKDIR
            || kind == Op.Kind.TRUNCATE;
      default:
        return kind == Op.Kind.MOVE;
    }
  }

  IOException exception(String path, String other) {
    switch (this) {
      case EIO:
        return new FileSystemException(path, other, "Input/output error");
      case ENOSPC:
        return new FileSystemException(path, other, "No space left on device");
      default:
        return new AtomicMoveNotSupportedException(path, other, "Invalid cross-device link");
    }
  }

  /** Fail operation i only, or every applicable operation from i on. */
  enum Mode {
    ONCE,
    FROM_THEN_ON
  }
}
