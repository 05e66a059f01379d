package io.backupsidecar.domain.model;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The one exception the domain raises: a failure with a stable {@link ErrorId}, the path it
 * concerns, and a message that says what happened and what to do.
 */
public final class BackupException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorId id;
  private final transient Path path;

  /**
   * @param id the stable error id
   * @param path the path concerned, or {@code null} when none applies
   * @param message what happened and what to do; should name the path
   * @param cause the underlying failure, or {@code null}
   */
  public BackupException(ErrorId id, Path path, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.id = Objects.requireNonNull(id, "id");
    this.path = path;
  }

  /** Same as the four-argument form with no cause. */
  public BackupException(ErrorId id, Path path, String message) {
    this(id, path, message, null);
  }

  /** The stable error id. */
  public ErrorId id() {
    return id;
  }

  /** The path this failure concerns, if any. */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /** The exit code of the command line for this failure. */
  public int exitCode() {
    return id.exitCode();
  }
}
