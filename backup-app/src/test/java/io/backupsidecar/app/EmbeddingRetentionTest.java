package io.backupsidecar.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.backupsidecar.domain.model.GuardOutcome;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Selection;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 in the embedding API: switchyard's retention knobs applied after every successful
 * snapshot and guarded mutation, and the preflight "is there anything to restore?".
 */
class EmbeddingRetentionTest {
  private final FileSystem fs =
      Jimfs.newFileSystem(
          Configuration.unix().toBuilder()
              .setAttributeViews("basic", "owner", "posix", "unix")
              .build());
  private long now = 1_700_000_000_000L;

  private Backup backup(Policy policy) {
    Clock clock = Clock.fixed(Instant.ofEpochMilli(now++), ZoneOffset.UTC);
    return Backup.builder().fileSystem(fs).clock(clock).policy(policy).build();
  }

  private long payloads(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".bak")).count();
    }
  }

  @Test
  void snapshot_and_guard_apply_the_policys_count_limit_after_each_success() throws Exception {
    Path dir = Files.createDirectories(fs.getPath("/srv"));
    Path target = Files.writeString(dir.resolve("app.conf"), "v0");
    Policy keepTwo = Policy.builder().retentionCountLimit(2).build();

    for (int i = 1; i <= 4; i++) {
      backup(keepTwo).snapshot(target);
    }
    assertEquals(2, payloads(dir));
    GuardOutcome outcome =
        backup(keepTwo).guard(List.of(target), () -> Files.writeString(target, "v1"));
    assertInstanceOf(GuardOutcome.Committed.class, outcome);
    assertEquals(2, payloads(dir));

    for (int i = 0; i < 3; i++) {
      backup(Policy.defaults()).snapshot(target);
    }
    assertEquals(5, payloads(dir), "no limit in the policy: nothing pruned");
  }

  @Test
  void has_snapshot_answers_the_preflight_without_restoring_anything() throws Exception {
    Path dir = Files.createDirectories(fs.getPath("/srv"));
    Path target = Files.writeString(dir.resolve("app.conf"), "v0");
    assertFalse(backup(Policy.defaults()).hasSnapshot(target, Selection.latest()));

    backup(Policy.defaults()).snapshot(target);
    Files.writeString(target, "v1");

    assertTrue(backup(Policy.defaults()).hasSnapshot(target, Selection.latest()));
    assertFalse(backup(Policy.defaults()).hasSnapshot(target, Selection.previous()));
    assertEquals("v1", Files.readString(target, StandardCharsets.UTF_8));
  }
}
