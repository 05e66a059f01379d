package io.backupsidecar.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A command's failure that the command has described itself: the {@link Failure} to report and,
 * under {@code --json}, the summary the error's fields are added to (so that {@code exec} prints
 * one object that says both what was rolled back and why the run failed).
 */
final class CommandFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Failure failure;
  private final transient ObjectNode summary;

  CommandFailure(Failure failure, ObjectNode summary) {
    super(failure.message(), failure.cause());
    this.failure = failure;
    this.summary = summary;
  }

  Failure failure() {
    return failure;
  }

  /** The command's own JSON summary, or {@code null}. */
  ObjectNode summary() {
    return summary;
  }
}
