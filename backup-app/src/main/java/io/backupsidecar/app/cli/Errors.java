package io.backupsidecar.app.cli;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Failures in an operator's words: {@code /etc/hosts: Permission denied}, as {@code cp} says it,
 * where Java would say {@code java.nio.file.AccessDeniedException: /etc/hosts}.
 */
final class Errors {
  /** What the NIO exceptions that carry no reason of their own stand for (errno texts). */
  private static final Map<String, String> WORDS =
      Map.of(
          AccessDeniedException.class.getSimpleName(), "Permission denied",
          NoSuchFileException.class.getSimpleName(), "No such file or directory",
          FileAlreadyExistsException.class.getSimpleName(), "File exists",
          DirectoryNotEmptyException.class.getSimpleName(), "Directory not empty",
          NotDirectoryException.class.getSimpleName(), "Not a directory",
          NotLinkException.class.getSimpleName(), "Not a symbolic link",
          FileSystemLoopException.class.getSimpleName(), "Too many levels of symbolic links",
          AtomicMoveNotSupportedException.class.getSimpleName(), "Atomic rename not supported");

  /**
   * A Java exception's {@code toString()} inside a message: an optional package, the class name,
   * and its detail up to the end of the clause.
   */
  private static final Pattern EXCEPTION_TEXT =
      Pattern.compile(
          "(?:[a-z][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_]*(?:Exception|Error))(?:: ([^;\\n]*))?");

  private Errors() {}

  /**
   * {@code message} with every Java exception text in it put in words: a NIO exception that has no
   * reason of its own gets the errno text ({@code PATH: Permission denied}); any other loses its
   * class name and keeps its detail.
   */
  static String inWords(String message) {
    if (message == null) {
      return "";
    }
    Matcher m = EXCEPTION_TEXT.matcher(message);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String detail = m.group(2) == null ? "" : m.group(2);
      String words = WORDS.get(m.group(1));
      String replacement;
      if (words == null || detail.contains(": ")) {
        // the detail already carries its reason (e.g. "PATH: No space left on device")
        replacement = detail.isEmpty() ? m.group(1) : detail;
      } else if (detail.isEmpty()) {
        replacement = words;
      } else if (message.substring(0, m.start()).endsWith(detail + ": ")) {
        // "cannot read PATH: <exception about PATH>": the path is said already
        replacement = words;
      } else {
        replacement = detail + ": " + words;
      }
      m.appendReplacement(b, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(b);
    return b.toString();
  }

  /** A failure that is not a {@code BackupException}, in words, without its class name. */
  static String describe(Throwable t) {
    if (t instanceof ExceptionInInitializerError e && e.getCause() != null) {
      return describe(e.getCause());
    }
    if (t instanceof LinkageError) {
      // a class that cannot be loaded, most often because no file descriptor was left to
      // open it with: the JVM says so only in the cause, when at all
      return String.format(
          "part of the program could not be loaded (%s: %s); if the process "
              + "is short of file descriptors, raise the limit (ulimit -n)",
          t.getClass().getSimpleName(), t.getMessage());
    }
    if (t instanceof UncheckedIOException u
        && u.getCause() != null
        && (u.getMessage() == null || u.getMessage().equals(u.getCause().toString()))) {
      return describe(u.getCause());
    }
    if (t instanceof FileSystemException f) {
      return fileSystemMessage(f);
    }
    if (t instanceof VirtualMachineError) {
      return String.format("the Java runtime failed: %s", t);
    }
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return t.getClass().getSimpleName();
    }
    return inWords(message);
  }

  /** {@code FILE[ -> OTHER]: REASON}, the reason in words when the exception gives none. */
  private static String fileSystemMessage(FileSystemException f) {
    StringBuilder b = new StringBuilder();
    if (f.getFile() != null) {
      b.append(f.getFile());
    }
    if (f.getOtherFile() != null) {
      b.append(" -> ").append(f.getOtherFile());
    }
    String reason =
        f.getReason() != null
            ? f.getReason()
            : WORDS.getOrDefault(f.getClass().getSimpleName(), f.getClass().getSimpleName());
    return b.length() == 0 ? reason : b.append(": ").append(reason).toString();
  }
}
