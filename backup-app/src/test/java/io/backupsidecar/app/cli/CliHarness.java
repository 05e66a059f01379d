package io.backupsidecar.app.cli;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the command line the way a user does, in-process ({@link Cli} on the default filesystem) or
 * as a separate JVM ({@link Main}), and reads what a user would look at on disk: bytes, modes,
 * owners, mtimes, names.
 */
final class CliHarness {
  static final ObjectMapper JSON = new ObjectMapper();

  private CliHarness() {}

  /** What one run printed and returned. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }

    /** The non-empty lines of stdout. */
    List<String> outLines() {
      return out.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  /** Runs {@code backup ARGS} in-process with the system clock. */
  static Result run(String... args) {
    return run(Clock.systemUTC(), args);
  }

  /** Runs {@code backup ARGS} in-process with the given clock. */
  static Result run(Clock clock, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter o = new PrintWriter(out);
    PrintWriter e = new PrintWriter(err);
    int exit = new Cli(FileSystems.getDefault(), clock, o, e, false).run(args);
    o.flush();
    e.flush();
    return new Result(exit, out.toString(), err.toString());
  }

  /** A clock stopped at {@code millis}. */
  static Clock fixedAt(long millis) {
    return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  /** Runs {@code backup ARGS} in a new JVM with {@link Main}, in {@code workDir}. */
  static Result runMain(Path workDir, String... args) {
    List<String> command = new ArrayList<>(javaCommand());
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    return runProcess(workDir, command);
  }

  /**
   * {@code java -cp <the test class path>}, with native access enabled on Java 22+ (the POSIX
   * backend), as bin/backup runs the command line.
   */
  static List<String> javaCommand() {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1"));
    if (Runtime.version().feature() >= 22) {
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    return List.copyOf(command);
  }

  /** Starts {@code command} in {@code workDir}, output captured to temporary files. */
  static Process start(Path workDir, List<String> command, Path out, Path err) {
    try {
      return new ProcessBuilder(command)
          .directory(workDir.toFile())
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for a process started by {@link #start} and collects its result. */
  static Result finish(Process process, Path out, Path err) {
    try {
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process finished within 60 s");
      Result r = new Result(process.exitValue(), Files.readString(out), Files.readString(err));
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Result runProcess(Path workDir, List<String> command) {
    try {
      // output files live outside workDir so that they do not show up in its listing
      Path out = Files.createTempFile("cli-out", ".txt");
      Path err = Files.createTempFile("cli-err", ".txt");
      return finish(start(workDir, command, out, err), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lowercase hex SHA-256 of bytes. */
  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Lowercase hex SHA-256 of a file's bytes. */
  static String sha256(Path file) throws IOException {
    return sha256(Files.readAllBytes(file));
  }

  /** The full st_mode, file type bits included, of the path itself (not followed). */
  static int mode(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW_LINKS);
  }

  static int uid(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:uid", NOFOLLOW_LINKS);
  }

  static int gid(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:gid", NOFOLLOW_LINKS);
  }

  /**
   * The effective uid of this JVM: the second field of {@code Uid:} in {@code /proc/self/status}
   * (Linux), else what {@code id -u} prints; -1 if neither works. Not the owner of {@code
   * /proc/self}, which is root for every process in some containers.
   */
  static int effectiveUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: ask id(1)
    }
    try {
      Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
      String out = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return id.waitFor() == 0 ? Integer.parseInt(out) : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Whether an executable of that name is on PATH. */
  static boolean commandExists(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return true;
      }
    }
    return false;
  }

  static FileTime mtime(Path p) throws IOException {
    return Files.getLastModifiedTime(p, NOFOLLOW_LINKS);
  }

  /**
   * Sets owner, then mode (chown clears setuid), then mtime. Giving a file to another owner needs
   * root (CAP_CHOWN): run by anyone else, the calling test is skipped, with the reason.
   */
  static void setMetadata(Path p, int uid, int gid, int permissions, FileTime mtime)
      throws IOException {
    assumeTrue(
        effectiveUid() == 0 || (uid(p) == uid && gid(p) == gid),
        "changing a file's owner to uid " + uid + "/gid " + gid + " needs root");
    Files.setAttribute(p, "unix:uid", uid, NOFOLLOW_LINKS);
    Files.setAttribute(p, "unix:gid", gid, NOFOLLOW_LINKS);
    Files.setAttribute(p, "unix:mode", permissions, NOFOLLOW_LINKS);
    Files.setLastModifiedTime(p, mtime);
  }

  /** The names in a directory, sorted. */
  static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The names in a directory that start with {@code prefix}, sorted. */
  static List<String> namesStartingWith(Path dir, String prefix) throws IOException {
    return names(dir).stream().filter(n -> n.startsWith(prefix)).toList();
  }

  /** The payload names ({@code .NAME.TAG.<ms>.bak}) of a target, sorted oldest first. */
  static List<String> payloads(Path target, String tag) throws IOException {
    String prefix = "." + target.getFileName() + "." + tag + ".";
    return namesStartingWith(target.getParent(), prefix).stream()
        .filter(n -> n.endsWith(".bak"))
        .toList();
  }

  /** The stamp in a payload or sidecar name. */
  static long stampOf(String artifactName) {
    String s = artifactName.substring(0, artifactName.indexOf(".bak"));
    return Long.parseLong(s.substring(s.lastIndexOf('.') + 1));
  }

  static String payloadName(Path target, String tag, long stamp) {
    return "." + target.getFileName() + "." + tag + "." + stamp + ".bak";
  }

  static Path payload(Path target, long stamp) {
    return target.resolveSibling(payloadName(target, "backup", stamp));
  }

  static Path sidecar(Path target, long stamp) {
    return target.resolveSibling(payloadName(target, "backup", stamp) + ".meta.json");
  }

  static JsonNode readJson(Path file) throws IOException {
    return JSON.readTree(Files.readAllBytes(file));
  }

  static JsonNode parse(String text) throws IOException {
    return JSON.readTree(text);
  }

  static void write(Path p, String text) throws IOException {
    Files.writeString(p, text, StandardCharsets.UTF_8);
  }

  /** Flips the lowest bit of the byte at {@code index}. */
  static void flipByte(Path file, int index) throws IOException {
    FileTime mtime = mtime(file);
    byte[] bytes = Files.readAllBytes(file);
    bytes[index] ^= 1;
    Files.write(file, bytes);
    Files.setLastModifiedTime(file, mtime);
  }
}
