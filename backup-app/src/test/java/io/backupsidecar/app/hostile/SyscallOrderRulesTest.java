package io.backupsidecar.app.hostile;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backupsidecar.app.hostile.SyscallOrderTest.Trace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link SyscallOrderTest} on hand-written {@code strace -f -y} logs: the descriptor
 * protocol (anonymous inodes completed by descriptor, linked, the directory flushed; threads
 * interleaved; a link through {@code /proc/self/fd}) passes every rule, and the path-based protocol
 * that issue 10 describes breaks every one. So the rules can pass, and can fail, whatever backend
 * the build has.
 */
class SyscallOrderRulesTest {
  private static final Path DIR = Path.of("/d");

  private static final Trace BY_DESCRIPTOR =
      Trace.parse(
          List.of(
              "100 openat(AT_FDCWD</w>, \"/d\", O_RDONLY|O_DIRECTORY|O_CLOEXEC) = 4</d>",
              "100 openat(4</d>, \"app.conf\", O_RDONLY|O_NOFOLLOW|O_NONBLOCK|O_CLOEXEC) = 5</d/app.conf>",
              "100 openat(4</d>, \".\", O_RDWR|O_EXCL|O_CLOEXEC|O_TMPFILE, 0600) = 6</d/#12 (deleted)>",
              "100 fchown(6</d/#12 (deleted)>, 1234, 1234) = 0",
              "100 fchmod(6</d/#12 (deleted)>, 04755) = 0",
              "100 fsync(6</d/#12 (deleted)>) = 0",
              "100 linkat(6</d/#12 (deleted)>, \"\", 4</d>, \".app.conf.backup.1.bak\", AT_EMPTY_PATH) = 0",
              "100 fsync(4</d>) = 0",
              "101 openat(4</d>, \".\", O_RDWR|O_CLOEXEC|O_TMPFILE, 0600 <unfinished ...>",
              "100 openat(4</d>, \".app.conf.backup.1.bak\", O_RDONLY|O_NOFOLLOW|O_NONBLOCK) = 8</d/.app.conf.backup.1.bak>",
              "101 <... openat resumed>) = 7</d/#13 (deleted)>",
              "101 fsync(7</d/#13 (deleted)>) = 0",
              "101 linkat(AT_FDCWD</w>, \"/proc/self/fd/7\", 4</d>, \".app.conf.backup.1.bak.meta.json\", AT_SYMLINK_FOLLOW) = 0",
              "101 fsync(4</d>) = 0",
              "100 openat(4</d>, \".\", O_RDWR|O_CLOEXEC|O_TMPFILE, 0600) = 9</d/#14 (deleted)>",
              "100 fchmod(9</d/#14 (deleted)>, 0640) = 0",
              "100 fsync(9</d/#14 (deleted)>) = 0",
              "100 linkat(9</d/#14 (deleted)>, \"\", 4</d>, \".app.conf.backup.1.restore.tmp\", AT_EMPTY_PATH) = 0",
              "100 renameat(4</d>, \".app.conf.backup.1.restore.tmp\", 4</d>, \"app.conf\") = 0",
              "100 fsync(9</d/app.conf>) = 0",
              "100 fsync(4</d>) = 0"));

  private static final Trace BY_PATH =
      Trace.parse(
          List.of(
              "100 openat(AT_FDCWD</w>, \"/d/.app.conf.backup.1.bak\", O_WRONLY|O_CREAT|O_EXCL, 0600) = 39</d/.app.conf.backup.1.bak>",
              "100 openat(AT_FDCWD</w>, \"/d/.app.conf.backup.1.bak\", O_RDONLY) = 38</d/.app.conf.backup.1.bak>",
              "100 fchmod(38</d/.app.conf.backup.1.bak>, 0640) = 0",
              "100 chown(\"/d/.app.conf.backup.1.bak\", 1234, 1234) = 0",
              "100 rename(\"/d/.app.conf.backup.1.bak.meta.json.tmp\", \"/d/.app.conf.backup.1.bak.meta.json\") = 0"));

  @Test
  void the_descriptor_protocol_passes_every_rule() {
    assertTrue(BY_DESCRIPTOR.calls().size() >= 20, BY_DESCRIPTOR.calls()::toString);
    SyscallOrderTest.assertNoPathBasedMetadata(BY_DESCRIPTOR);
    SyscallOrderTest.assertNewFilesCompletedThroughTheirOwnDescriptor(BY_DESCRIPTOR);
    SyscallOrderTest.assertEveryOpenNoFollow(BY_DESCRIPTOR);
    SyscallOrderTest.assertFinalNamesOnlyPublished(BY_DESCRIPTOR);
    SyscallOrderTest.assertFlushOrder(BY_DESCRIPTOR, DIR);
  }

  /** A restore's capture in place: the target opened once, read-only, flushed, linked by fd. */
  private static List<String> heldCapture(String throughTheHeldDescriptor) {
    return List.of(
        "100 openat(AT_FDCWD</w>, \"/d\", O_RDONLY|O_DIRECTORY|O_CLOEXEC) = 4</d>",
        "100 openat(4</d>, \"app.conf\", O_RDONLY|O_NOCTTY|O_NONBLOCK|O_NOFOLLOW|O_CLOEXEC) = 8</d/app.conf>",
        "100 " + throughTheHeldDescriptor,
        "100 linkat(AT_FDCWD</w>, \"/proc/self/fd/8\", 4</d>, \".app.conf.backup.2.bak\", AT_SYMLINK_FOLLOW) = 0",
        "100 fsync(4</d>) = 0");
  }

  @Test
  void a_capture_held_in_place_may_be_flushed_through_its_one_descriptor_and_nothing_more() {
    SyscallOrderTest.assertNewFilesCompletedThroughTheirOwnDescriptor(
        Trace.parse(heldCapture("fsync(8</d/app.conf>) = 0")));
    SyscallOrderTest.assertEveryOpenNoFollow(Trace.parse(heldCapture("fsync(8</d/app.conf>) = 0")));

    assertThrows(
        AssertionError.class,
        () ->
            SyscallOrderTest.assertNewFilesCompletedThroughTheirOwnDescriptor(
                Trace.parse(heldCapture("fchmod(8</d/app.conf>, 04755) = 0"))));
    // a flush of the target through a descriptor that is never linked is no capture's
    assertThrows(
        AssertionError.class,
        () ->
            SyscallOrderTest.assertNewFilesCompletedThroughTheirOwnDescriptor(
                Trace.parse(heldCapture("fsync(8</d/app.conf>) = 0").subList(0, 3))));
  }

  @Test
  void the_path_based_protocol_breaks_every_rule() {
    assertThrows(AssertionError.class, () -> SyscallOrderTest.assertNoPathBasedMetadata(BY_PATH));
    assertThrows(
        AssertionError.class,
        () -> SyscallOrderTest.assertNewFilesCompletedThroughTheirOwnDescriptor(BY_PATH));
    assertThrows(AssertionError.class, () -> SyscallOrderTest.assertEveryOpenNoFollow(BY_PATH));
    assertThrows(
        AssertionError.class, () -> SyscallOrderTest.assertFinalNamesOnlyPublished(BY_PATH));
    assertThrows(AssertionError.class, () -> SyscallOrderTest.assertFlushOrder(BY_PATH, DIR));
  }
}
