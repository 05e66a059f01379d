package io.backupsidecar.domain.model;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * A sidecar that cannot be used: unreadable, malformed, or not trusted. The message says what is
 * wrong; the hint, kept apart, names what relaxes it ({@code --trust-foreign-sidecars}), so that
 * only commands that have that option print it.
 */
public final class SidecarProblem extends Exception {
  private static final long serialVersionUID = 1L;

  private final String hint;

  /**
   * @param message what is wrong, naming the sidecar
   * @param cause the underlying failure, or {@code null}
   */
  public SidecarProblem(String message, Throwable cause) {
    this(message, cause, null);
  }

  /**
   * @param message what is wrong, naming the sidecar
   * @param cause the underlying failure, or {@code null}
   * @param hint what relaxes it, or {@code null}
   */
  public SidecarProblem(String message, Throwable cause, String hint) {
    super(message, cause);
    this.hint = hint;
  }

  /** A sidecar that could not be read. */
  public static SidecarProblem unreadable(SnapshotEntry entry, IOException e) {
    return new SidecarProblem(
        String.format("sidecar %s cannot be read: %s", entry.sidecar(), e), e);
  }

  /**
   * Whether reading failed (an I/O error), rather than the sidecar being untrusted or invalid: a
   * property of this attempt, not of the snapshot, so it is no reason to pass the snapshot over for
   * an older one.
   */
  public boolean isReadFailure() {
    if (!(getCause() instanceof IOException io)
        || io instanceof NoSuchFileException
        || io instanceof AccessDeniedException) {
      return false;
    }
    // what the sidecar is (a symlink, a FIFO, too long) is the snapshot's property, and one
    // a user who can write the directory could plant: never a reason to block a restore
    String reason = io instanceof FileSystemException fse ? String.valueOf(fse.getReason()) : "";
    return !(reason.contains("not a regular file")
        || reason.contains("is a symlink")
        || reason.startsWith("longer than"));
  }

  /** The message and, when there is one, the hint: for commands that can relax trust. */
  public String withHint() {
    return hint == null ? getMessage() : getMessage() + "; " + hint;
  }
}
