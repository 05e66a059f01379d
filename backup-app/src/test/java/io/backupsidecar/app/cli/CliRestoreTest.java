package io.backupsidecar.app.cli;

import static io.backupsidecar.app.cli.CliHarness.fixedAt;
import static io.backupsidecar.app.cli.CliHarness.flipByte;
import static io.backupsidecar.app.cli.CliHarness.gid;
import static io.backupsidecar.app.cli.CliHarness.mode;
import static io.backupsidecar.app.cli.CliHarness.mtime;
import static io.backupsidecar.app.cli.CliHarness.names;
import static io.backupsidecar.app.cli.CliHarness.payload;
import static io.backupsidecar.app.cli.CliHarness.run;
import static io.backupsidecar.app.cli.CliHarness.setMetadata;
import static io.backupsidecar.app.cli.CliHarness.uid;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.adapter.fs.FsBackend;
import io.backupsidecar.app.cli.CliHarness.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue "restore/exec": {@code backup restore} on real files, symlinks and absent paths. */
class CliRestoreTest {
  private static final long T = 1_700_000_000_000L;
  private static final Instant MTIME = Instant.parse("2021-03-04T05:06:07.123456789Z");
  private static final byte[] ORIGINAL =
      "original bytes\n\u0000\u00ff binary too".getBytes(StandardCharsets.ISO_8859_1);

  @TempDir Path dir;

  private static void assertExit(int exit, Result r) {
    assertEquals(exit, r.exit(), r::toString);
  }

  /** A file with bytes, setuid mode, foreign owner and an old mtime, snapshotted at T. */
  private Path snapshottedFile() throws Exception {
    Path file = dir.resolve("conf");
    Files.write(file, ORIGINAL);
    setMetadata(file, 1234, 5678, 04755, FileTime.from(MTIME));
    assertExit(0, run(fixedAt(T), "snapshot", file.toString()));
    return file;
  }

  private static void assertOriginalFile(Path file) throws Exception {
    assertArrayEquals(ORIGINAL, Files.readAllBytes(file));
    assertEquals(0104755, mode(file));
    assertEquals(1234, uid(file));
    assertEquals(5678, gid(file));
    assertEquals(FileTime.from(MTIME), mtime(file));
  }

  @Test
  void restore_gives_back_bytes_mode_owner_and_mtime_and_a_second_run_does_nothing()
      throws Exception {
    Path file = snapshottedFile();
    Files.writeString(file, "something else entirely, and longer");
    setMetadata(file, 0, 0, 0600, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));

    Result first = run("restore", file.toString());

    assertExit(0, first);
    assertTrue(first.out().startsWith("restored " + file), first::toString);
    assertOriginalFile(file);
    List<String> afterFirst = names(dir);

    Result second = run("restore", file.toString());

    assertExit(0, second);
    assertTrue(second.out().contains("already"), second::toString);
    assertOriginalFile(file);
    assertEquals(afterFirst, names(dir), "a no-op restore captures nothing");
  }

  @Test
  void restore_brings_back_a_file_edited_in_place_with_the_same_size_and_mode() throws Exception {
    Path file = snapshottedFile();
    byte[] edited = ORIGINAL.clone();
    edited[0] = 'O';
    Files.write(file, edited);
    Files.setLastModifiedTime(file, FileTime.from(MTIME));

    Result r = run("restore", file.toString());

    assertExit(0, r);
    assertTrue(r.out().startsWith("restored "), r::toString);
    assertOriginalFile(file);
  }

  @Test
  void a_symlink_replaced_by_a_file_is_restored_to_the_same_raw_link_once() throws Exception {
    Path link = dir.resolve("current");
    Files.createSymbolicLink(link, Path.of("../releases/./v1"));
    assertExit(0, run("snapshot", link.toString()));
    Files.delete(link);
    Files.writeString(link, "now a file");

    assertExit(0, run("restore", link.toString()));

    assertTrue(Files.isSymbolicLink(link));
    assertEquals("../releases/./v1", Files.readSymbolicLink(link).toString());
    Result second = run("restore", link.toString());
    assertExit(0, second);
    assertTrue(second.out().contains("already"), second::toString);
    assertEquals("../releases/./v1", Files.readSymbolicLink(link).toString());
  }

  @Test
  void an_absent_path_that_was_created_is_removed_by_restore_once() throws Exception {
    Path absent = dir.resolve("new.conf");
    assertExit(0, run("snapshot", absent.toString()));
    Files.writeString(absent, "created later");

    assertExit(0, run("restore", absent.toString()));

    assertFalse(Files.exists(absent, NOFOLLOW_LINKS));
    Result second = run("restore", absent.toString());
    assertExit(0, second);
    assertTrue(second.out().contains("already"), second::toString);
    assertFalse(Files.exists(absent, NOFOLLOW_LINKS));
  }

  @Test
  void a_payload_with_one_flipped_byte_is_refused_with_exit_70_and_the_target_untouched()
      throws Exception {
    Path file = snapshottedFile();
    Files.writeString(file, "current state");
    Files.setAttribute(file, "unix:mode", 0640);
    FileTime current = FileTime.from(Instant.parse("2024-05-06T07:08:09Z"));
    Files.setLastModifiedTime(file, current);
    flipByte(payload(file, T), 3);

    Result r = run("restore", file.toString());

    assertExit(70, r);
    assertTrue(r.err().contains("error E_RESTORE_FAILED:"), r::toString);
    assertTrue(r.err().contains(payload(file, T).toString()), r::toString);
    assertEquals("current state", Files.readString(file));
    assertEquals(0100640, mode(file));
    assertEquals(current, mtime(file));
  }

  @Test
  void a_payload_swapped_for_a_symlink_is_refused_with_exit_70() throws Exception {
    Path file = snapshottedFile();
    Files.writeString(file, "current state");
    // the decoy even holds the right bytes: the kind alone must make restore refuse
    Path decoy = dir.resolve("decoy");
    Files.write(decoy, ORIGINAL);
    Files.delete(payload(file, T));
    Files.createSymbolicLink(payload(file, T), decoy);

    Result r = run("restore", file.toString());

    assertExit(70, r);
    assertTrue(r.err().contains("error E_RESTORE_FAILED:"), r::toString);
    assertTrue(r.err().contains(payload(file, T).toString()), r::toString);
    assertEquals("current state", Files.readString(file));
  }

  @Test
  void after_a_restore_list_shows_the_restored_and_the_captured_snapshot_and_at_undoes_it()
      throws Exception {
    Path file = snapshottedFile();
    Files.writeString(file, "version two");

    Result restore = run(fixedAt(T), "restore", file.toString());

    assertExit(0, restore);
    List<String> lines = restore.outLines();
    assertEquals(2, lines.size(), restore::toString);
    assertEquals(
        "captured the replaced state as .conf.backup."
            + (T + 1)
            + ".bak; undo with: "
            + "backup restore --tag backup --at "
            + (T + 1)
            + " "
            + file,
        lines.get(1));
    Result list = run("list", file.toString());
    assertEquals(3, list.outLines().size(), list::toString);
    assertTrue(list.outLines().get(1).startsWith(Long.toString(T + 1)), list::toString);
    assertTrue(list.outLines().get(1).contains("restore capture"), list::toString);
    assertTrue(list.outLines().get(2).startsWith(Long.toString(T)), list::toString);

    Result undo = run("restore", "--at", Long.toString(T + 1), file.toString());

    assertExit(0, undo);
    assertEquals("version two", Files.readString(file));
  }

  @Test
  void the_capture_keeps_the_replaced_file_itself_where_the_backend_holds_it_in_place()
      throws Exception {
    Path file = snapshottedFile();
    Files.writeString(file, "version two");
    Object replacedInode = Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS);

    assertExit(0, run(fixedAt(T), "restore", file.toString()));

    Path capture = payload(file, T + 1);
    assertEquals("version two", Files.readString(capture));
    Object captureInode = Files.getAttribute(capture, "unix:ino", LinkOption.NOFOLLOW_LINKS);
    boolean posix = FsBackend.forFileSystem(FileSystems.getDefault()).name().equals("posix");
    // the POSIX backend links the replaced inode (no copy); the NIO backend (Java 17) copies it
    assertEquals(posix, replacedInode.equals(captureInode), "backend " + posix);
    assertEquals(1, Files.getAttribute(capture, "unix:nlink", LinkOption.NOFOLLOW_LINKS));
    assertExit(0, run("verify", file.toString()));
  }

  @Test
  void restore_previous_takes_the_second_newest_snapshot() throws Exception {
    Path file = dir.resolve("f");
    Files.writeString(file, "one");
    assertExit(0, run(fixedAt(T), "snapshot", file.toString()));
    Files.writeString(file, "two");
    assertExit(0, run(fixedAt(T), "snapshot", file.toString()));
    Files.writeString(file, "three");

    Result r = run("restore", "--previous", file.toString());

    assertExit(0, r);
    assertEquals("one", Files.readString(file));
  }

  @Test
  void restore_dry_run_says_what_it_would_do_and_changes_nothing() throws Exception {
    Path file = snapshottedFile();
    Files.writeString(file, "current state");
    FileTime current = mtime(file);
    List<String> before = names(dir);

    Result r = run("restore", "--dry-run", file.toString());

    assertExit(0, r);
    assertTrue(r.out().startsWith("would restore " + file), r::toString);
    assertEquals(before, names(dir));
    assertEquals("current state", Files.readString(file));
    assertEquals(current, mtime(file));
  }

  @Test
  void restore_no_capture_restores_without_writing_a_snapshot() throws Exception {
    Path file = snapshottedFile();
    Files.writeString(file, "current state");
    List<String> before = names(dir);

    Result r = run("restore", "--no-capture", file.toString());

    assertExit(0, r);
    assertOriginalFile(file);
    assertEquals(before, names(dir));
  }

  @Test
  void restore_without_any_snapshot_is_backup_missing_exit_60() throws Exception {
    Path file = dir.resolve("never-snapshotted");
    Files.writeString(file, "x");

    Result r = run("restore", file.toString());

    assertExit(60, r);
    assertTrue(r.err().contains("error E_BACKUP_MISSING:"), r::toString);
    assertTrue(r.err().contains(file.toString()), r::toString);
    assertEquals(List.of("never-snapshotted"), names(dir));
  }

  @Test
  void restore_best_effort_without_any_snapshot_exits_0_and_changes_nothing() throws Exception {
    Path file = dir.resolve("never-snapshotted");
    Files.writeString(file, "x");

    Result r = run("restore", "--best-effort", file.toString());

    assertExit(0, r);
    assertTrue(r.out().contains("nothing to do"), r::toString);
    assertEquals("x", Files.readString(file));
    assertEquals(List.of("never-snapshotted"), names(dir));
  }
}
