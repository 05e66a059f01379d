package io.backupsidecar.app.hostile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.backupsidecar.app.hostile.Hostile.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot and restore protocol as the real kernel sees it: the command line runs (its own JVM)
 * under {@code strace -f -y}, and the system calls that touch the target's directory are checked
 * against the protocol of DESIGN §2 and issue 10. This is the real-kernel counterpart of the
 * crash-state model (the ALICE study's method: record the calls, check their order).
 *
 * <ol>
 *   <li>Metadata is applied by descriptor: no {@code chmod}, {@code chown}, {@code lchown}, {@code
 *       fchmodat}, {@code fchownat}, {@code utimensat}, {@code setxattr}, {@code lsetxattr}… with a
 *       path naming the target or an artifact. (A path is looked up again, so whoever can rename in
 *       the directory chooses which inode gets root's owner and mode.)
 *   <li>Every open of the target, a payload or a sidecar has {@code O_NOFOLLOW} (or is an exclusive
 *       creation, {@code O_CREAT|O_EXCL}, which follows no link either).
 *   <li>A new file is completed (owner, mode, times, xattrs, {@code fsync}) through the descriptor
 *       that created it, never through a second open of its name.
 *   <li>A final name (the target, a payload, a sidecar) appears only by a link or rename of a
 *       complete file, never by creating the file under that name.
 *   <li>The data of a new file is flushed ({@code fsync}/{@code fdatasync} of its descriptor)
 *       before the {@code link}/{@code rename} that publishes it.
 *   <li>The directory is flushed after every such publication.
 * </ol>
 *
 * <p>Only the descriptor (POSIX) backend can pass it: the test skips, saying why, where the command
 * line would use the NIO backend (before Java 22, or a class path without the fs adapter's Java 22
 * classes). Skipped, with the reason, where strace cannot run: not Linux, strace absent and not
 * installable (it is installed with {@code apt-get} when the test runs as root), or tracing not
 * permitted (a container without {@code ptrace}). {@code -Dhostile.strace.dir=DIR} keeps the logs
 * for reading.
 */
class SyscallOrderTest {
  private static final String TRACED =
      "%file,fsync,fdatasync,fchmod,fchown,fsetxattr," + "fremovexattr";
  private static final Set<String> PATH_METADATA =
      Set.of(
          "chmod",
          "fchmodat",
          "fchmodat2",
          "chown",
          "lchown",
          "fchownat",
          "utimensat",
          "utimes",
          "utime",
          "futimesat",
          "setxattr",
          "lsetxattr",
          "removexattr",
          "lremovexattr");
  private static final Set<String> DESCRIPTOR_METADATA =
      Set.of("fchmod", "fchown", "fsetxattr", "fremovexattr");
  private static final Set<String> OPENS = Set.of("open", "openat", "openat2", "creat");
  private static final Pattern PROC_FD = Pattern.compile("\"/proc/self/fd/(\\d+)\"");
  private static final Set<String> PUBLISHES =
      Set.of("link", "linkat", "rename", "renameat", "renameat2");

  @TempDir static Path root;
  private static Path dir;
  private static Path target;
  private static Trace snapshot;
  private static Trace restore;

  @BeforeAll
  static void traceSnapshotAndRestore() throws Exception {
    straceAvailable();
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    dir = Files.createDirectory(root.resolve("etc"));
    target = Files.writeString(dir.resolve("app.conf"), "listen 80\n");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
    snapshot = traced("snapshot", target.toString());
    Files.writeString(target, "listen 8080\n");
    restore = traced("restore", target.toString());
    assertEquals("listen 80\n", Files.readString(target), "the restore restored");
  }

  private static void straceAvailable() throws Exception {
    Hostile.assume(Hostile.onLinux(), "SyscallOrderTest: strace is Linux only");
    Hostile.assume(
        Hostile.descriptorBackendAvailable(),
        "SyscallOrderTest checks the "
            + "descriptor backend's protocol, which this run cannot use (it needs Java 22+ and the fs "
            + "adapter's Java 22 classes on the class path); the NIO backend refuses shared "
            + "directories as root instead (AttackerRaceTest)");
    if (!Hostile.commandExists("strace") && Hostile.isRoot() && Hostile.commandExists("apt-get")) {
      Run install =
          Hostile.exec(
              List.of(
                  "sh",
                  "-c",
                  "DEBIAN_FRONTEND=noninteractive apt-get install -y -q strace >/dev/null 2>&1 || "
                      + "(apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive "
                      + "apt-get install -y -q strace)"),
              300);
      System.out.println("hostile: installed strace with apt-get: exit " + install.exit());
    }
    Hostile.assume(
        Hostile.commandExists("strace"),
        "SyscallOrderTest: strace is not installed "
            + "and cannot be (installing needs root and apt-get)");
    Run probe = Hostile.exec(List.of("strace", "-f", "-qq", "-o", "/dev/null", "true"), 30);
    Hostile.assume(
        probe.exit() == 0,
        "SyscallOrderTest: strace cannot trace here (ptrace not permitted?): " + probe);
  }

  // ---------------------------------------------------------------- the protocol, per command

  @Test
  void snapshot_applies_metadata_by_descriptor_and_never_by_path() {
    assertNoPathBasedMetadata(snapshot);
  }

  @Test
  void snapshot_completes_a_new_file_through_the_descriptor_that_created_it() {
    assertNewFilesCompletedThroughTheirOwnDescriptor(snapshot);
  }

  @Test
  void snapshot_opens_the_target_and_its_artifacts_only_with_o_nofollow() {
    assertEveryOpenNoFollow(snapshot);
  }

  @Test
  void snapshot_names_appear_only_by_linking_or_renaming_a_complete_file() {
    assertFinalNamesOnlyPublished(snapshot);
  }

  @Test
  void snapshot_flushes_data_before_publishing_and_the_directory_after() {
    assertFlushOrder(snapshot, dir);
  }

  @Test
  void restore_applies_metadata_by_descriptor_and_never_by_path() {
    assertNoPathBasedMetadata(restore);
  }

  @Test
  void restore_completes_a_new_file_through_the_descriptor_that_created_it() {
    assertNewFilesCompletedThroughTheirOwnDescriptor(restore);
  }

  @Test
  void restore_opens_the_target_and_its_artifacts_only_with_o_nofollow() {
    assertEveryOpenNoFollow(restore);
  }

  @Test
  void restore_names_appear_only_by_linking_or_renaming_a_complete_file() {
    assertFinalNamesOnlyPublished(restore);
  }

  @Test
  void restore_flushes_data_before_publishing_and_the_directory_after() {
    assertFlushOrder(restore, dir);
  }

  // ---------------------------------------------------------------- assertions

  static void assertNoPathBasedMetadata(Trace trace) {
    List<String> violations = new ArrayList<>();
    for (Call c : trace.calls) {
      if (PATH_METADATA.contains(c.name)
          && c.path() != null
          && !c.path().isEmpty()
          && isOurs(c.path())) {
        violations.add(c.line);
      }
    }
    assertNone(
        violations,
        "owner, mode, times and xattrs must be applied by "
            + "descriptor (fchown, fchmod, futimens, fsetxattr), never by a name that can be swapped");
  }

  static void assertNewFilesCompletedThroughTheirOwnDescriptor(Trace trace) {
    List<String> violations = new ArrayList<>();
    Set<Call> held = heldInPlace(trace);
    Map<String, Call> openedBy = new HashMap<>(); // descriptor -> the open that returned it
    for (Call c : trace.calls) {
      if (OPENS.contains(c.name) && c.result.matches("\\d+<.*")) {
        openedBy.put(c.result.substring(0, c.result.indexOf('<')), c);
      }
      boolean completes =
          DESCRIPTOR_METADATA.contains(c.name)
              || (c.name.equals("fchownat") && "".equals(c.path()))
              || (c.name.equals("utimensat") && c.args.contains(", NULL, "))
              || c.name.equals("fsync")
              || c.name.equals("fdatasync");
      String file = completes ? c.fdPath(0) : null;
      if (file == null || !isOurs(file)) {
        continue;
      }
      Call open = openedBy.get(c.args.substring(0, c.args.indexOf('<')));
      boolean flushOfHeldFile =
          (c.name.equals("fsync") || c.name.equals("fdatasync")) && held.contains(open);
      if (open == null
          || !(open.args.contains("O_TMPFILE")
              || (open.args.contains("O_CREAT") && open.args.contains("O_EXCL"))
              || flushOfHeldFile)) {
        violations.add(c.line + "\n      <- descriptor from " + (open == null ? "?" : open.line));
      }
    }
    assertNone(
        violations,
        "owner, mode, times, xattrs and the data flush of a "
            + "new file go through the descriptor that created it (O_TMPFILE or O_CREAT|O_EXCL), "
            + "never through a second open of its name, which may by then be another file");
  }

  /**
   * The read-only opens of an existing file whose very descriptor was then given a second name
   * ({@code linkat} of {@code /proc/self/fd/N}): a restore's target held in place as its capture's
   * payload. Its flush is the capture's durability, through the one descriptor ever opened on it;
   * nothing else may be applied through it.
   */
  private static Set<Call> heldInPlace(Trace trace) {
    Set<Call> held = new HashSet<>();
    Map<String, Call> openedBy = new HashMap<>();
    for (Call c : trace.calls) {
      if (OPENS.contains(c.name) && c.result.matches("\\d+<.*")) {
        openedBy.put(c.result.substring(0, c.result.indexOf('<')), c);
      }
      Matcher m = PROC_FD.matcher(c.args);
      if (c.name.equals("linkat") && m.find()) {
        Call open = openedBy.get(m.group(1));
        if (open != null
            && open.args.contains("O_RDONLY")
            && !open.args.contains("O_CREAT")
            && !open.args.contains("O_TMPFILE")) {
          held.add(open);
        }
      }
    }
    return held;
  }

  static void assertEveryOpenNoFollow(Trace trace) {
    List<String> violations = new ArrayList<>();
    for (Call c : trace.calls) {
      if (OPENS.contains(c.name)
          && c.path() != null
          && isOurs(c.path())
          && !c.args.contains("O_TMPFILE")
          && !c.args.contains("O_NOFOLLOW")
          && !(c.args.contains("O_CREAT") && c.args.contains("O_EXCL"))) {
        violations.add(c.line);
      }
    }
    assertNone(
        violations,
        "every open of the target, a payload or a sidecar "
            + "(or a temporary name) must carry O_NOFOLLOW, or O_CREAT|O_EXCL, which never follows "
            + "a symlink either");
  }

  static void assertFinalNamesOnlyPublished(Trace trace) {
    List<String> violations = new ArrayList<>();
    for (Call c : trace.calls) {
      if (OPENS.contains(c.name)
          && c.path() != null
          && c.args.contains("O_CREAT")
          && isFinalName(basename(c.path()))) {
        violations.add(c.line);
      }
    }
    assertNone(
        violations,
        "a target, payload or sidecar name must appear only "
            + "when its file is complete: create it anonymously (O_TMPFILE) or under a temporary "
            + "name, then link or rename it");
  }

  static void assertFlushOrder(Trace trace, Path dir) {
    List<String> violations = new ArrayList<>();
    Map<String, Integer> flushedAt = new HashMap<>(); // file (basename) -> end of its fsync
    int published = 0;
    for (int i = 0; i < trace.calls.size(); i++) {
      Call c = trace.calls.get(i);
      if ((c.name.equals("fsync") || c.name.equals("fdatasync")) && c.result.startsWith("0")) {
        String file = c.fdPath(0);
        if (file != null && !Path.of(file).equals(dir)) {
          flushedAt.put(basename(file), c.end);
        }
      }
      if (!PUBLISHES.contains(c.name) || c.destination() == null || !c.result.startsWith("0")) {
        continue;
      }
      String source = c.source(trace);
      Integer flushed = source == null ? null : flushedAt.get(basename(source));
      if (flushed != null) {
        // a link or rename to a temporary name carries the flush along (anonymous inode ->
        // .restore.tmp -> the target)
        flushedAt.put(basename(c.destination()), flushed);
      }
      if (!isFinalName(basename(c.destination()))) {
        continue;
      }
      published++;
      if (flushed == null || flushed > c.start) {
        violations.add("published before its data was flushed: " + c.line);
      }
      boolean directoryFlushedAfter = false;
      for (Call later : trace.calls.subList(i + 1, trace.calls.size())) {
        if (later.name.equals("fsync")
            && later.start > c.end
            && dir.toString().equals(later.fdPath(0))
            && later.result.startsWith("0")) {
          directoryFlushedAfter = true;
          break;
        }
      }
      if (!directoryFlushedAfter) {
        violations.add("no fsync of the directory after: " + c.line);
      }
    }
    System.out.printf(
        "hostile: syscall order: %d traced calls, %d publications checked%n",
        trace.calls.size(), published);
    assertNone(
        violations,
        "a new file's data is flushed before the link or "
            + "rename that publishes it, and the directory is flushed after");
    assertEquals(
        true, published > 0, "the command published at least one name by link or " + "rename");
  }

  /** Fails with the protocol rule and every call that breaks it, one per line. */
  private static void assertNone(List<String> violations, String rule) {
    if (!violations.isEmpty()) {
      throw new AssertionError(
          rule
              + "; "
              + violations.size()
              + " call(s) break it:\n  "
              + String.join("\n  ", violations));
    }
  }

  /** The target or one of its artifacts ({@code .app.conf.…}). */
  private static boolean isOurs(String path) {
    String name = basename(path);
    return name.equals("app.conf") || name.startsWith(".app.conf.");
  }

  /** The target, a payload or a sidecar (not a temporary name). */
  private static boolean isFinalName(String name) {
    return name.equals("app.conf")
        || name.matches("\\.app\\.conf\\.backup\\.[0-9]+\\.bak")
        || name.matches("\\.app\\.conf\\.backup\\.[0-9]+\\.bak\\.meta\\.json");
  }

  private static String basename(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  // ---------------------------------------------------------------- running and parsing

  private static List<String> cli(List<String> args) {
    List<String> cmd = new ArrayList<>(Hostile.javaMain(Hostile.classPath()));
    cmd.addAll(args);
    return cmd;
  }

  private static Trace traced(String... args) throws Exception {
    Path log = root.resolve("strace.txt");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "strace",
                "-f",
                "-y",
                "-qq",
                "-s",
                "4096",
                "-o",
                log.toString(),
                "-e",
                "trace=" + TRACED));
    cmd.addAll(cli(List.of(args)));
    Run run = Hostile.exec(cmd, 120);
    assertEquals(0, run.exit(), run::toString);
    Trace trace = Trace.parse(Files.readAllLines(log, UTF_8));
    String keep = System.getProperty("hostile.strace.dir"); // to read the calls yourself
    if (keep != null) {
      Files.copy(log, Path.of(keep).resolve(args[0] + "-" + System.nanoTime() + ".strace"));
    }
    Files.delete(log);
    return trace;
  }

  /** One system call: where it started and ended in the log, its name, arguments, result. */
  record Call(
      int start, int end, String pid, String name, String args, String result, String line) {
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern FD = Pattern.compile("^(-?\\d+|AT_FDCWD)<([^>]*)>");

    private List<String> quoted() {
      List<String> out = new ArrayList<>();
      Matcher m = QUOTED.matcher(args);
      while (m.find()) {
        out.add(m.group(1));
      }
      return out;
    }

    /** The first path argument, or null. */
    String path() {
      List<String> q = quoted();
      return q.isEmpty() ? null : q.get(0);
    }

    /** The last path argument of a link or rename: the name it creates. */
    String destination() {
      List<String> q = quoted();
      return q.size() < 2 ? null : q.get(q.size() - 1);
    }

    /** The file a descriptor argument (0-based among the comma-separated ones) refers to. */
    String fdPath(int index) {
      String[] parts = args.split(", ");
      if (index >= parts.length) {
        return null;
      }
      Matcher m = FD.matcher(parts[index].trim());
      return m.find() ? m.group(2) : null;
    }

    /** What a link or rename publishes: a name, or the file behind a descriptor. */
    String source(Trace trace) {
      String path = path();
      if (path == null) {
        return null;
      }
      if (path.isEmpty()) {
        return fdPath(0); // linkat(fd, "", dirfd, "name", AT_EMPTY_PATH)
      }
      Matcher procFd = Pattern.compile("^/proc/self/fd/(\\d+)$").matcher(path);
      if (procFd.find()) {
        return trace.lastPathOf(pid, procFd.group(1), start);
      }
      return path;
    }
  }

  /** A parsed {@code strace -f -y} log; unfinished calls are joined with their resumption. */
  record Trace(List<Call> calls, List<String> lines) {
    private static final Pattern START = Pattern.compile("^(\\d+)\\s+(\\w+)\\((.*)$");
    private static final Pattern RESUMED =
        Pattern.compile("^(\\d+)\\s+<\\.\\.\\. (\\w+) resumed>(.*)$");
    private static final Pattern END = Pattern.compile("^(.*)\\)\\s+=\\s+(.*)$");

    static Trace parse(List<String> lines) {
      List<Call> calls = new ArrayList<>();
      Map<String, String[]> pending = new HashMap<>(); // pid -> {start index, name, args}
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        Matcher resumed = RESUMED.matcher(line);
        if (resumed.find()) {
          String[] p = pending.remove(resumed.group(1));
          Matcher end = END.matcher(resumed.group(3));
          if (p != null && end.find()) {
            String args = p[2] + end.group(1);
            calls.add(
                new Call(
                    Integer.parseInt(p[0]),
                    i,
                    resumed.group(1),
                    p[1],
                    args,
                    end.group(2),
                    p[1] + "(" + args + ") = " + end.group(2)));
          }
          continue;
        }
        Matcher start = START.matcher(line);
        if (!start.find()) {
          continue;
        }
        String rest = start.group(3);
        if (rest.endsWith("<unfinished ...>")) {
          pending.put(
              start.group(1),
              new String[] {
                String.valueOf(i),
                start.group(2),
                rest.substring(0, rest.length() - "<unfinished ...>".length()).trim()
              });
          continue;
        }
        Matcher end = END.matcher(rest);
        if (end.find()) {
          calls.add(
              new Call(
                  i,
                  i,
                  start.group(1),
                  start.group(2),
                  end.group(1),
                  end.group(2),
                  line.substring(line.indexOf(start.group(2)))));
        }
      }
      calls.sort((a, b) -> Integer.compare(a.start, b.start));
      return new Trace(calls, lines);
    }

    /** The file descriptor {@code fd} last referred to before log line {@code before}. */
    String lastPathOf(String pid, String fd, int before) {
      Pattern p = Pattern.compile("(?:^|[(, =])" + fd + "<([^>]*)>");
      String found = null;
      for (Call c : calls) {
        if (c.end >= before) {
          break;
        }
        Matcher m = p.matcher(c.args + " = " + c.result);
        while (m.find()) {
          found = m.group(1);
        }
      }
      return found;
    }
  }
}
