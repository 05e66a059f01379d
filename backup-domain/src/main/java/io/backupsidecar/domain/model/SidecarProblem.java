package io.backupsidecar.domain.model;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/**
 * A sidecar that cannot be used: unreadable, malformed, or not trusted. The message says what is
 * wrong; the {@link #remedy()}, kept apart, says what relaxes it ({@link
 * Remedy#TRUST_FOREIGN_SIDECARS}), so that each host names it in its own terms and only where it
 * offers it.
 */
public final class SidecarProblem extends Exception {
  private static final long serialVersionUID = 1L;

  private final Remedy remedy;

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
   * @param remedy what relaxes it, or {@code null} when nothing does
   */
  public SidecarProblem(String message, Throwable cause, Remedy remedy) {
    super(message, cause);
    this.remedy = remedy;
  }

  /** A sidecar that could not be read. */
  public static SidecarProblem unreadable(SnapshotEntry entry, IOException e) {
    return new SidecarProblem(
        String.format("sidecar %s cannot be read: %s", entry.sidecar(), e), e);
  }

  /** What relaxes this problem, if anything does. */
  public Optional<Remedy> remedy() {
    return Optional.ofNullable(remedy);
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
}
