package io.backupsidecar.domain.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one exception the domain raises: a failure with a stable {@link ErrorId}, the path it
 * concerns, a message that says what happened, and the {@link Remedy remedies} a caller can apply.
 * The message names no option of any host (no command-line flag): each host says the remedies in
 * its own terms.
 */
public final class BackupException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorId id;
  private final transient Path path;
  private final Remedy[] remedies;

  /**
   * @param id the stable error id
   * @param path the path concerned, or {@code null} when none applies
   * @param message what happened and what to do; should name the path
   * @param cause the underlying failure, or {@code null}
   */
  public BackupException(ErrorId id, Path path, String message, Throwable cause) {
    this(id, path, message, cause, List.of());
  }

  /**
   * @param id the stable error id
   * @param path the path concerned, or {@code null} when none applies
   * @param message what happened; should name the path, and no host's option
   * @param cause the underlying failure, or {@code null}
   * @param remedies what a caller can do about it, most relevant first (may be empty)
   */
  public BackupException(
      ErrorId id, Path path, String message, Throwable cause, List<Remedy> remedies) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.id = Objects.requireNonNull(id, "id");
    this.path = path;
    this.remedies = remedies.toArray(new Remedy[0]);
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

  /** What a caller can do about this failure, most relevant first; empty when nothing applies. */
  public List<Remedy> remedies() {
    return List.of(remedies);
  }

  /** The exit code of the command line for this failure. */
  public int exitCode() {
    return id.exitCode();
  }
}
