package io.backupsidecar.domain.model;

/**
 * A sidecar's bytes are not a valid {@code backup_meta} document: malformed JSON, a missing field,
 * an unknown {@code schema} or {@code prior_kind}. The message names the file.
 */
public final class SidecarFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong, naming the sidecar
   */
  public SidecarFormatException(String message) {
    super(message);
  }

  /**
   * @param message what is wrong, naming the sidecar; @param cause the parser's failure
   */
  public SidecarFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
