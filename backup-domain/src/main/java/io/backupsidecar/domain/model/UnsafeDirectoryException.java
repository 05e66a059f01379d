package io.backupsidecar.domain.model;

import java.nio.file.AccessDeniedException;

/**
 * A directory the store refuses to act in because acting there would not be safe: for example a
 * directory another user can write, refused when running as root by a backend that works by path
 * and so cannot keep that user from swapping names between two of its calls (like sshd's
 * StrictModes). The services report it as {@code E_POLICY}.
 */
public class UnsafeDirectoryException extends AccessDeniedException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the refusal.
   *
   * @param directory the directory refused
   * @param reason why, and how to relax the check, in words an operator can act on
   */
  public UnsafeDirectoryException(String directory, String reason) {
    super(directory, null, reason);
  }
}
