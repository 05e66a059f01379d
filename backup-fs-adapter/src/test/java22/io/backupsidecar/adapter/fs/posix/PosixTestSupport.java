package io.backupsidecar.adapter.fs.posix;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the POSIX tests need from the machine: who we are, and command-line tools. */
final class PosixTestSupport {

  private PosixTestSupport() {}

  /** Whether the effective uid is 0, read from {@code /proc/self/status} (not from owners). */
  static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[2].equals("0");
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  /** Skips the test (with the reason) unless running as root. */
  static void assumeRoot(String why) {
    assumeTrue(isRoot(), "needs root: " + why);
  }

  /**
   * Makes sure {@code tool} is on the PATH: installs the Debian package as root when it is missing,
   * else skips the test with the reason.
   */
  static void requireTool(String tool, String debianPackage) throws Exception {
    if (onPath(tool)) {
      return;
    }
    assumeTrue(isRoot(), tool + " is missing and only root may install " + debianPackage);
    if (run(List.of("apt-get", "install", "-y", "-q", debianPackage)).exit() != 0) {
      run(List.of("apt-get", "update", "-q"));
      run(List.of("apt-get", "install", "-y", "-q", debianPackage));
    }
    assumeTrue(onPath(tool), tool + " could not be installed from " + debianPackage);
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return Files.isExecutable(Path.of("/usr/sbin", tool));
  }

  /** A finished command: exit status and output (stdout and stderr together). */
  record Output(int exit, String text) {}

  static Output run(List<String> command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(300, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("timed out: " + command);
    }
    return new Output(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** Runs a command that must succeed; its output. */
  static String check(String... command) throws IOException, InterruptedException {
    Output output = run(List.of(command));
    if (output.exit() != 0) {
      throw new IOException(
          String.join(" ", command) + " exited " + output.exit() + ": " + output.text());
    }
    return output.text();
  }
}
