package io.backupsidecar.app.hostile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import io.backupsidecar.app.cli.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Shared fixtures of the hostile-input tests: the CLI in-process, tree fingerprints, processes. */
final class Hostile {
  private Hostile() {}

  /** What one command line run printed and returned. */
  record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  /** Runs the command line in-process on the default filesystem. */
  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit;
    try (PrintWriter o = new PrintWriter(out);
        PrintWriter e = new PrintWriter(err)) {
      exit = new Cli(FileSystems.getDefault(), Clock.systemUTC(), o, e, false).run(args);
    }
    return new Run(exit, out.toString(), err.toString());
  }

  /**
   * A fingerprint of every node under {@code root} (not following symlinks): relative path, kind,
   * mode, owner, and the SHA-256 of a file's bytes or a link's destination; entries under {@code
   * excluded} (a directory where artifacts are expected) are left out.
   */
  static Map<String, String> fingerprint(Path root, Path... excluded) throws IOException {
    Map<String, String> out = new TreeMap<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            for (Path ex : excluded) {
              if (dir.equals(ex)) {
                return FileVisitResult.SKIP_SUBTREE;
              }
            }
            out.put(root.relativize(dir).toString() + "/", describe(dir));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            out.put(root.relativize(file).toString(), describe(file));
            return FileVisitResult.CONTINUE;
          }
        });
    return out;
  }

  private static String describe(Path p) throws IOException {
    Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size", NOFOLLOW_LINKS);
    String content = "";
    if (Files.isSymbolicLink(p)) {
      content = "->" + Files.readSymbolicLink(p);
    } else if (Files.isRegularFile(p, NOFOLLOW_LINKS)) {
      content = sha256(Files.readAllBytes(p));
    }
    return String.format(
        "%o %s:%s %s %s",
        (Integer) a.get("mode"), a.get("uid"), a.get("gid"), a.get("size"), content);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** The names in a directory, sorted. */
  static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /**
   * Whether this process runs with effective uid 0: the second field of the {@code Uid:} line of
   * {@code /proc/self/status} (real, effective, saved, filesystem). Not the owner of {@code
   * /proc/self}: that is a symlink owned by root whoever reads it, so root-only tests never skipped
   * for a normal user.
   */
  static boolean isRoot() {
    return effectiveUid(Path.of("/proc/self/status")) == 0;
  }

  /** The effective uid in a {@code /proc/PID/status} file, or -1 when it cannot be read. */
  static long effectiveUid(Path status) {
    try {
      for (String line : Files.readAllLines(status, UTF_8)) {
        if (line.startsWith("Uid:")) {
          String[] fields = line.substring("Uid:".length()).trim().split("\\s+");
          return fields.length >= 2 ? Long.parseLong(fields[1]) : -1;
        }
      }
      return -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Skips the calling test (or class, from {@code @BeforeAll}) unless {@code condition} holds,
   * printing the reason: Surefire counts a class skipped in {@code @BeforeAll} as 0 tests run and
   * would not say why.
   */
  static void assume(boolean condition, String reason) {
    if (!condition) {
      System.out.println("hostile: skipped: " + reason);
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(condition, reason);
  }

  /**
   * Whether the command line can use the descriptor (POSIX) backend here: Java 22+, and its classes
   * loadable from this class path. They live in {@code META-INF/versions/22} of the fs adapter: the
   * multi-release jar has them ({@code mvn verify}, {@code bin/backup}); a plain classes directory
   * does not, unless that folder is on the class path too (backup-app's pom adds it for {@code mvn
   * test}); without them the command line falls back to NIO.
   */
  static boolean descriptorBackendAvailable() {
    if (Runtime.version().feature() < 22 || !onLinux()) {
      return false;
    }
    try {
      Class.forName(
          "io.backupsidecar.adapter.fs.posix.PosixBackend", false, Hostile.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  static boolean onLinux() {
    return System.getProperty("os.name", "").toLowerCase().contains("linux");
  }

  static boolean commandExists(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }

  /** Runs a process to its end (or kills it after the timeout), capturing its output. */
  static Run exec(List<String> command, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path outFile = Files.createTempFile("hostile-out", ".txt");
    Path errFile = Files.createTempFile("hostile-err", ".txt");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(outFile.toFile())
              .redirectError(errFile.toFile())
              .start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command);
      }
      return new Run(
          p.exitValue(), Files.readString(outFile, UTF_8), Files.readString(errFile, UTF_8));
    } finally {
      Files.deleteIfExists(outFile);
      Files.deleteIfExists(errFile);
    }
  }

  /**
   * The command that starts the CLI's Main in a fresh JVM on this test's class path, with native
   * access enabled on Java 22+ as {@code bin/backup} runs it.
   */
  static List<String> javaMain(String classPath) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // fast start: these JVMs live for one command
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Xshare:auto");
    if (Runtime.version().feature() >= 22) {
      // the POSIX backend calls native code; without this the JDK warns on stderr
      cmd.add("--enable-native-access=ALL-UNNAMED");
    }
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add("io.backupsidecar.app.cli.Main");
    return cmd;
  }

  /** The class path of this JVM. */
  static String classPath() {
    return System.getProperty("java.class.path");
  }

  /**
   * Copies this JVM's class path into {@code dir} (world-readable), so that a process running as
   * another user (who cannot read root's Maven repository) can load the CLI.
   */
  static String copyClassPath(Path dir) throws IOException {
    List<String> entries = new ArrayList<>();
    int i = 0;
    for (String entry : classPath().split(java.io.File.pathSeparator)) {
      Path src = Path.of(entry);
      if (!Files.exists(src)) {
        continue;
      }
      String name =
          entry.endsWith(".jar")
                  && !entry.contains("junit")
                  && !entry.contains("archunit")
                  && !entry.contains("mockito")
                  && !entry.contains("byte-buddy")
              ? i++ + "-" + src.getFileName()
              : null;
      if (Files.isDirectory(src)) {
        Path to = dir.resolve(i++ + "-classes");
        try (Stream<Path> walk = Files.walk(src)) {
          for (Path p : (Iterable<Path>) walk::iterator) {
            Path t = to.resolve(src.relativize(p).toString());
            if (Files.isDirectory(p)) {
              Files.createDirectories(t);
            } else {
              Files.copy(p, t);
            }
          }
        }
        entries.add(to.toString());
      } else if (name != null) {
        Path to = dir.resolve(name);
        Files.copy(src, to);
        entries.add(to.toString());
      }
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Files.setPosixFilePermissions(
            p,
            java.nio.file.attribute.PosixFilePermissions.fromString(
                Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    return String.join(java.io.File.pathSeparator, entries);
  }
}
