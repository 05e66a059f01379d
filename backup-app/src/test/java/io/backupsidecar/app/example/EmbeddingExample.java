package io.backupsidecar.app.example;

import io.backupsidecar.adapter.facts.JsonLinesFactEmitter;
import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.GuardOutcome;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Rewrites a config file; if the new content fails its check, the old file comes back. */
public final class EmbeddingExample {
  private EmbeddingExample() {}

  /**
   * Replaces {@code config}'s content, keeping a snapshot beside it, and appends what happened to
   * {@code factsFile} (JSON lines).
   *
   * @throws BackupException E_MUTATION_FAILED if the rewrite failed and was rolled back, or another
   *     id if the snapshot itself could not be taken
   */
  public static void rewrite(Path config, String newContent, Path factsFile)
      throws IOException, BackupException {
    try (JsonLinesFactEmitter facts =
        JsonLinesFactEmitter.toFile(
            factsFile, Clock.systemUTC(), UUID.randomUUID().toString(), "myhost/1.0")) {
      Backup backup =
          Backup.builder()
              .fileSystem(config.getFileSystem()) // the default one, or Jimfs in tests
              .policy(Policy.builder().tag(new Tag("deploy")).build())
              .facts(facts)
              .build();
      GuardOutcome outcome =
          backup.guard(
              List.of(config),
              () -> {
                Files.writeString(config, newContent);
                if (!newContent.startsWith("listen ")) { // the host's own check of the result
                  throw new IOException("not a config: " + newContent);
                }
              });
      if (outcome instanceof GuardOutcome.RolledBack rolledBack) {
        throw rolledBack.toException(); // E_MUTATION_FAILED, config restored
      }
    }
  }
}
