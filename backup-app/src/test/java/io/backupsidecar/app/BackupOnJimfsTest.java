package io.backupsidecar.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.backupsidecar.domain.fakes.RecordedFacts;
import io.backupsidecar.domain.model.FactEvent;
import io.backupsidecar.domain.model.GuardOutcome;
import io.backupsidecar.domain.model.RestoreOutcome;
import io.backupsidecar.domain.model.Snapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole embedding API on an in-memory filesystem: the backend is swappable. */
class BackupOnJimfsTest {
  private final FileSystem fs =
      Jimfs.newFileSystem(
          Configuration.unix().toBuilder()
              .setAttributeViews("basic", "owner", "posix", "unix")
              .build());
  private final RecordedFacts facts = new RecordedFacts();
  private final Backup backup = Backup.builder().fileSystem(fs).facts(facts).build();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void snapshot_modify_restore_round_trips_on_jimfs_and_says_it_is_not_durable() throws Exception {
    Path dir = Files.createDirectories(fs.getPath("/etc/app"));
    Path target = Files.write(dir.resolve("app.conf"), utf8("listen 80\n"));

    Snapshot s = backup.snapshot(target);
    assertFalse(s.durable(), "Jimfs cannot flush: the snapshot must not claim durability");
    assertArrayEquals(utf8("listen 80\n"), Files.readAllBytes(s.payload()));
    assertTrue(Files.exists(s.sidecarPath()));

    Files.write(target, utf8("listen 8080\n"));
    assertInstanceOf(RestoreOutcome.Restored.class, backup.restore(target));
    assertArrayEquals(utf8("listen 80\n"), Files.readAllBytes(target));
    assertInstanceOf(RestoreOutcome.AlreadyInPlace.class, backup.restore(target));
    assertEquals(2, facts.of(FactEvent.RESTORE_RESULT).size());
  }

  @Test
  void a_failed_guarded_mutation_is_rolled_back_on_jimfs() throws Exception {
    Path dir = Files.createDirectories(fs.getPath("/srv"));
    Path a = Files.write(dir.resolve("a"), utf8("a0"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), fs.getPath("a"));
    Path absent = dir.resolve("absent");

    GuardOutcome outcome =
        backup.guard(
            List.of(a, link, absent),
            () -> {
              Files.write(a, utf8("a1"));
              Files.delete(link);
              Files.write(absent, utf8("new"));
              throw new IllegalStateException("migration failed");
            });

    assertInstanceOf(GuardOutcome.RolledBack.class, outcome);
    assertArrayEquals(utf8("a0"), Files.readAllBytes(a));
    assertEquals(fs.getPath("a"), Files.readSymbolicLink(link));
    assertFalse(Files.exists(absent, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void the_dry_run_view_plans_snapshot_restore_and_prune_and_writes_nothing() throws Exception {
    Path dir = Files.createDirectories(fs.getPath("/etc/app"));
    Path target = Files.write(dir.resolve("app.conf"), utf8("listen 80\n"));
    Backup dry = backup.dryRun();
    assertTrue(dry.isDryRun());
    assertFalse(backup.isDryRun(), "the real backup stays real");

    Snapshot planned = dry.snapshot(target);
    assertFalse(Files.exists(planned.payload()), "a dry-run snapshot writes no payload");
    assertEquals(List.of(target), list(dir), "nothing beside the target");

    backup.snapshot(target);
    Files.write(target, utf8("listen 8080\n"));
    backup.snapshot(target);
    Files.write(target, utf8("listen 9090\n"));
    List<Path> before = list(dir);
    assertInstanceOf(RestoreOutcome.DryRunPlan.class, dry.restore(target));
    assertArrayEquals(utf8("listen 9090\n"), Files.readAllBytes(target), "target untouched");
    assertEquals(before, list(dir), "no capture written");
    Backup keepOne =
        Backup.builder()
            .fileSystem(fs)
            .policy(io.backupsidecar.domain.model.Policy.builder().retentionCountLimit(1).build())
            .build()
            .dryRun();
    assertEquals(1, keepOne.prune(target).pruned().size(), "the older of two would go");
    assertEquals(before, list(dir), "a dry-run prune removes nothing");

    IllegalStateException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class, () -> dry.guard(List.of(target), () -> {}));
    assertTrue(refused.getMessage().contains("no dry run"), refused.getMessage());
  }

  private static List<Path> list(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
