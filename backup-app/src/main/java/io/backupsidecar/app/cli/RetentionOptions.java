package io.backupsidecar.app.cli;

import io.backupsidecar.domain.model.Policy;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * switchyard's {@code retention_count_limit} and {@code retention_age_limit} on the commands that
 * take snapshots ({@code snapshot}, {@code exec}): applied after each success, so history does not
 * pile up. Same names and meaning as on {@code prune}.
 */
final class RetentionOptions {
  @Option(
      names = "--keep",
      paramLabel = "N",
      description = "After a success, keep at most N newest snapshots (N >= 1).")
  Integer keep;

  @Option(
      names = "--max-age",
      paramLabel = "DURATION",
      description = "After a success, drop snapshots older than this: e.g. 30d, 12h, 90m, 45s.")
  String maxAge;

  /** Sets the limits given on the command line; refuses a bad one as a usage error. */
  Policy.Builder apply(Policy.Builder builder, BaseCommand command) {
    if (keep != null && keep < 1) {
      throw command.usage(
          "--keep (%d) must be at least 1: the newest snapshot is always kept", keep);
    }
    Duration age = maxAge == null ? null : PruneCommand.parseDuration(command, maxAge);
    return builder.retentionCountLimit(keep).retentionAgeLimit(age);
  }
}
