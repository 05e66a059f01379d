package io.backupsidecar.app.hostile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.app.hostile.Hostile.Run;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10's acceptance, rerun as a local attacker would: root runs the command line (its own JVM,
 * as {@code bin/backup} runs it) on a file in a directory that an unprivileged user (uid 65534, a
 * separate JVM started through {@code setpriv}, see {@link Attacker}) can write, and that user
 * races every step with inotify-driven renames, symlink and FIFO flips, hard links at the names
 * root is about to use, parent-directory swaps, forged sidecars and planted stamps.
 *
 * <p>After every round: the attacker's file is never installed with root's owner or a set-id mode,
 * no root-only bytes reach the attacker's directory, nothing in the canary tree outside the
 * directory changed, every failure is a clear refusal with an error id, and nothing hangs; in a
 * sticky directory (where the attacker can plant names but not remove root's) root's history
 * survives, stamps stay parseable and {@code exec} rolls back. Each scenario prints its rounds,
 * attacker moves, attacker wins and time; {@code -Dhostile.rounds=N} sets the rounds. A scenario
 * stops early once the attacker has won a few times (the verdict is then known).
 */
class AttackerRaceTest {
  private static final int ROUNDS = Integer.getInteger("hostile.rounds", 50);
  private static final int NOBODY = 65534;
  private static final int SERVICE = 1234;
  private static final long HANG_SECONDS = 20;
  private static final int ENOUGH_WINS = 5;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path base;
  private static Path canary;
  private static Path secret;
  private static String secretMark;
  private static Child cli;
  private static Child attacker;
  private static final List<String> summary = new ArrayList<>();

  private Path home;
  private Map<String, String> canaryBefore;
  private int rounds;
  private int moves;
  private final List<String> wins = new ArrayList<>();
  private final Map<String, Integer> outcomes = new TreeMap<>();
  private final Map<String, String> examples = new TreeMap<>();
  private int replacedBeforeRename;

  // ---------------------------------------------------------------- set-up

  @BeforeAll
  static void startProcesses() throws Exception {
    Hostile.assume(Hostile.onLinux(), "AttackerRaceTest needs Linux (inotify, setpriv, FIFOs)");
    Hostile.assume(
        Hostile.isRoot(),
        "AttackerRaceTest: the attacks target a root run, and "
            + "this process is not root (effective uid is not 0)");
    Hostile.assume(
        Hostile.commandExists("setpriv") && Hostile.commandExists("mkfifo"),
        "AttackerRaceTest needs setpriv (util-linux) and mkfifo (coreutils)");
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    // the attacker cannot read root's Maven repository: it runs from a world-readable copy
    String attackerClassPath = Hostile.copyClassPath(Files.createDirectory(base.resolve("cp")));
    canary = Files.createDirectory(base.resolve("canary"));
    secretMark = "CANARY-SECRET-" + System.nanoTime();
    secret = Files.writeString(canary.resolve("secret"), secretMark + "\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(canary.resolve("app.conf"), "canary config\n");
    Files.createDirectory(canary.resolve("sub"));
    Files.writeString(canary.resolve("sub/app.conf"), "canary sub config\n");

    List<String> rootCommand = new ArrayList<>(Hostile.javaMain(Hostile.classPath()));
    rootCommand.set(rootCommand.size() - 1, CliLoop.class.getName());
    cli = new Child(rootCommand, base.resolve("cli.err"));
    List<String> attackerCommand =
        new ArrayList<>(
            List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
    attackerCommand.addAll(Hostile.javaMain(attackerClassPath));
    attackerCommand.set(attackerCommand.size() - 1, Attacker.class.getName());
    attacker = new Child(attackerCommand, base.resolve("attacker.err"));

    // root's genuine history in the canary tree: prune through a swapped parent would eat it
    for (int i = 0; i < 3; i++) {
      Run r = cli.run("snapshot", canary.resolve("app.conf").toString());
      assertEquals(0, r.exit(), r::toString);
    }
  }

  @AfterAll
  static void stopProcesses() throws Exception {
    if (cli != null) {
      cli.quit("quit");
    }
    if (attacker != null) {
      attacker.quit("QUIT");
    }
    if (!summary.isEmpty()) {
      System.out.println("hostile: attacker race, all scenarios:");
      summary.forEach(line -> System.out.println("  " + line));
    }
  }

  @BeforeEach
  void canaryFingerprint() throws Exception {
    canaryBefore = Hostile.fingerprint(canary);
  }

  /** A directory owned by the attacker (a home directory), or root's with the sticky bit. */
  private Path directory(String name, boolean sticky) throws Exception {
    Path dir = Files.createDirectory(base.resolve(name));
    if (sticky) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      Files.setAttribute(dir, "unix:mode", 01777, NOFOLLOW_LINKS);
    } else {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setAttribute(dir, "unix:uid", NOBODY, NOFOLLOW_LINKS);
      Files.setAttribute(dir, "unix:gid", NOBODY, NOFOLLOW_LINKS);
    }
    return dir;
  }

  /** Root's file at {@code path}, whatever the attacker left there. */
  private static Path rootFile(Path path, String content, int mode) throws Exception {
    Files.deleteIfExists(path);
    Files.writeString(path, content);
    Files.setAttribute(path, "unix:mode", mode, NOFOLLOW_LINKS);
    return path;
  }

  /**
   * A set-uid file of a service account (uid {@value #SERVICE}): restoring it, root applies an
   * owner and a set-uid mode, which is what the attacker wants applied to its own file.
   */
  private static Path serviceFile(Path path, String content) throws Exception {
    rootFile(path, content, 0644);
    Files.setAttribute(path, "unix:uid", SERVICE, NOFOLLOW_LINKS);
    Files.setAttribute(path, "unix:gid", SERVICE, NOFOLLOW_LINKS);
    Files.setAttribute(path, "unix:mode", 04755, NOFOLLOW_LINKS);
    return path;
  }

  // ---------------------------------------------------------------- rounds and verdicts

  /** Root runs {@code args} while the attacker plays {@code mode}; then the verdict. */
  private Run round(String[] attack, String... args) throws Exception {
    rounds++;
    List<String> words = new ArrayList<>(List.of("ROUND", String.valueOf(rounds)));
    words.addAll(List.of(attack));
    attacker.send(String.join("\t", words), "READY " + rounds);
    Run run = cli.run(args);
    String done = attacker.send("END\t" + rounds, "DONE " + rounds);
    moves += Integer.parseInt(done.substring(done.lastIndexOf(' ') + 1));
    outcomes.merge(outcome(run), 1, Integer::sum);
    judge(run, String.join(" ", args));
    return run;
  }

  /** {@code ok}, the error id of a refusal, or how it failed without one. */
  private String outcome(Run run) {
    if (run.exit() == 0) {
      return "ok";
    }
    String error = errorLine(run);
    if (error == null) {
      return run.exit() == Child.HANG ? "hang" : "exit " + run.exit() + " without an error id";
    }
    String id = error.substring("error ".length(), error.indexOf(':'));
    examples.putIfAbsent(id, error.length() > 240 ? error.substring(0, 240) + "..." : error);
    return id;
  }

  /** The {@code error E_ID: message} line of stderr, or null. */
  private static String errorLine(Run run) {
    return run.err().lines().filter(l -> l.matches("error E_[A-Z_]+: .*")).findFirst().orElse(null);
  }

  private void win(String what) {
    wins.add("round " + rounds + ": " + what);
  }

  /**
   * Whether the verdict is known: a few wins, or two hangs (each costs {@value #HANG_SECONDS} s).
   */
  private boolean enough() {
    return wins.size() >= ENOUGH_WINS || outcomes.getOrDefault("hang", 0) >= 2;
  }

  /** The checks after every round. */
  private void judge(Run run, String command) throws Exception {
    if (run.exit() == Child.HANG) {
      win("`" + command + "` hung for " + HANG_SECONDS + " s (denial of service)");
    } else if (run.exit() != 0 && errorLine(run) == null) {
      win("`" + command + "` failed without an error id: " + run);
    }
    Files.walkFileTree(
        home,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (!attrs.isRegularFile()) {
              return FileVisitResult.CONTINUE;
            }
            String text = new String(Files.readAllBytes(file), UTF_8);
            int uid = (Integer) Files.getAttribute(file, "unix:uid", NOFOLLOW_LINKS);
            int mode = (Integer) Files.getAttribute(file, "unix:mode", NOFOLLOW_LINKS);
            // the attacker cannot give its own file away, nor make it set-id for another owner
            if (text.contains(Attacker.MARK) && (uid != NOBODY || (mode & 06000) != 0)) {
              win(
                  String.format(
                      "the attacker's file %s is installed as uid %d mode %o after `%s`",
                      home.relativize(file), uid, mode & 07777, command));
            }
            if (file.getFileName().toString().startsWith("evil-") && uid != NOBODY) {
              win(
                  String.format(
                      "root took over the attacker's inode %s (now uid %d mode %o)",
                      home.relativize(file), uid, mode & 07777));
            }
            if (text.contains(secretMark)) {
              win(
                  String.format(
                      "root-only bytes of %s copied to %s (uid %d mode %o)",
                      secret, home.relativize(file), uid, mode & 07777));
            }
            return FileVisitResult.CONTINUE;
          }
        });
    Map<String, String> canaryAfter = Hostile.fingerprint(canary);
    if (!canaryAfter.equals(canaryBefore)) {
      win(
          "a file outside the directory changed after `"
              + command
              + "`: "
              + diff(canaryBefore, canaryAfter));
      canaryBefore = canaryAfter;
    }
  }

  private static String diff(Map<String, String> before, Map<String, String> after) {
    List<String> out = new ArrayList<>();
    for (String k : before.keySet()) {
      if (!before.get(k).equals(after.get(k))) {
        out.add(k + (after.containsKey(k) ? " changed" : " deleted"));
      }
    }
    for (String k : after.keySet()) {
      if (!before.containsKey(k)) {
        out.add(k + " created");
      }
    }
    return out.toString();
  }

  /** Prints the figures and fails with the attacker's wins, if any. */
  private void verdict(String scenario, long startNanos) {
    String line =
        String.format(
            "hostile: attacker race, %s: %d rounds, %d attacker moves, "
                + "%d attacker wins, outcomes %s, %.1f s",
            scenario, rounds, moves, wins.size(), outcomes, (System.nanoTime() - startNanos) / 1e9);
    System.out.println(line);
    examples.forEach((id, message) -> System.out.println("  e.g. " + message));
    summary.add(line);
    assertEquals(List.of(), wins, scenario + ": the attacker won");
  }

  /**
   * The first command of a scenario, before any attack: it must work, or be refused as a policy.
   * The NIO backend will not act as root in a directory another user can write and refuses with
   * {@code E_POLICY}, which passes the scenario; where the descriptor backend is available ({@link
   * Hostile#descriptorBackendAvailable}) the command line must act instead (a refusal there means
   * it fell back to NIO), unless {@code -Dhostile.acceptRefusal=true}.
   */
  private boolean prepared(Run run, String scenario) {
    if (run.exit() == 10 && run.err().startsWith("error E_POLICY:")) {
      String line =
          "hostile: attacker race, "
              + scenario
              + ": refused with E_POLICY ("
              + (Hostile.descriptorBackendAvailable()
                  ? "descriptor backend available"
                  : "NIO backend: no descriptor backend on JDK "
                      + Runtime.version().feature()
                      + " with this class path")
              + "): "
              + run.err().strip();
      System.out.println(line);
      summary.add(line);
      assertTrue(
          !Hostile.descriptorBackendAvailable() || Boolean.getBoolean("hostile.acceptRefusal"),
          "the descriptor backend is available, so the command line should act here, not "
              + "refuse: did it fall back to the NIO backend? "
              + run);
      return false;
    }
    assertEquals(0, run.exit(), run::toString);
    return true;
  }

  // ---------------------------------------------------------------- scenarios

  @Test
  void a_file_renamed_over_the_restore_staging_name_is_never_installed_as_root() throws Exception {
    long start = System.nanoTime();
    home = directory("home-restore", false);
    Path target = serviceFile(home.resolve("app.conf"), "genuine\n");
    if (!prepared(cli.run("snapshot", target.toString()), "restore staging")) {
      return;
    }
    for (int i = 0; i < ROUNDS && !enough(); i++) {
      rootFile(target, "changed " + i + "\n", 0644);
      Run run =
          round(
              new String[] {"rename-over", home.toString()},
              i % 2 == 0
                  ? new String[] {"restore", "--no-capture", target.toString()}
                  : new String[] {"restore", target.toString()});
      if (run.exit() == 0 && Files.readString(target).contains(Attacker.MARK)) {
        // In a directory it owns, the attacker can always rename a file of its own over a name
        // root is about to rename (Linux cannot link over a name): it then holds the target with
        // its own owner and mode, as it could right after any restore. Counted, not a win.
        replacedBeforeRename++;
      }
    }
    System.out.println(
        "hostile: attacker race, restore staging: "
            + replacedBeforeRename
            + " restores reported success while the attacker's own file (its owner and mode) had "
            + "taken the name before root's final rename");
    verdict("restore staging (rename over .restore.tmp, hard links at it)", start);
  }

  @Test
  void restore_to_a_directory_the_attacker_writes_never_gives_its_file_the_snapshots_owner_or_mode()
      throws Exception {
    long start = System.nanoTime();
    Path source = Files.createDirectories(base.resolve("root-source"));
    Path target = serviceFile(source.resolve("app.conf"), "genuine\n");
    home = directory("home-restore-to", false);
    Path to = home.resolve("app.conf.copy");
    if (!prepared(cli.run("snapshot", target.toString()), "restore --to")) {
      return;
    }
    for (int i = 0; i < ROUNDS && !enough(); i++) {
      round(
          new String[] {"rename-over", home.toString()},
          "restore",
          "--to",
          to.toString(),
          target.toString());
    }
    verdict("restore --to into the attacker's directory (rename over its temporary)", start);
  }

  @Test
  void a_file_renamed_over_the_payload_or_sidecar_temp_never_gets_roots_owner_or_mode()
      throws Exception {
    long start = System.nanoTime();
    home = directory("home-snapshot", false);
    Path target = serviceFile(home.resolve("app.conf"), "genuine\n");
    if (!prepared(cli.run("snapshot", target.toString()), "snapshot names")) {
      return;
    }
    for (int i = 0; i < ROUNDS && !enough(); i++) {
      round(new String[] {"rename-over", home.toString()}, "snapshot", target.toString());
      assertSidecarsOfRootNameNoAttackerBytes();
    }
    verdict("snapshot names (rename over .bak and .meta.json.tmp, hard links)", start);
  }

  /** A sidecar root would trust never vouches for the attacker's bytes. */
  private void assertSidecarsOfRootNameNoAttackerBytes() throws Exception {
    try (Stream<Path> s = Files.list(home)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (!p.getFileName().toString().endsWith(".bak.meta.json")
            || !Files.isRegularFile(p, NOFOLLOW_LINKS)) {
          continue;
        }
        int uid = (Integer) Files.getAttribute(p, "unix:uid", NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW_LINKS);
        JsonNode sidecar;
        try {
          sidecar = JSON.readTree(Files.readAllBytes(p));
        } catch (IOException notJson) {
          if (uid == 0) {
            win("root committed a sidecar that is not JSON: " + home.relativize(p));
          }
          continue;
        }
        if (uid == 0 && (mode & 022) == 0 && sidecar.has("payload_hash")) {
          String name = p.getFileName().toString();
          Path payload = p.resolveSibling(name.substring(0, name.length() - ".meta.json".length()));
          if (Files.isRegularFile(payload, NOFOLLOW_LINKS)) {
            byte[] bytes = Files.readAllBytes(payload);
            if (new String(bytes, UTF_8).contains(Attacker.MARK)
                && Hostile.sha256(bytes).equals(sidecar.get("payload_hash").asText())) {
              win("a trusted root sidecar vouches for the attacker's payload " + payload);
            }
          }
        }
      }
    }
  }

  @Test
  void symlink_and_fifo_flips_of_the_target_neither_hang_nor_leak_nor_write_outside()
      throws Exception {
    long start = System.nanoTime();
    home = directory("home-flips", false);
    Path target = rootFile(home.resolve("app.conf"), "genuine\n", 0644);
    if (!prepared(cli.run("snapshot", target.toString()), "target flips")) {
      return;
    }
    String[] attack = {"flip-target", home.toString(), "app.conf", secret.toString()};
    for (int i = 0; i < ROUNDS && !enough(); i++) {
      String t = target.toString();
      switch (i % 4) {
        case 0 -> round(attack, "snapshot", t);
        case 1 -> round(attack, "restore", "--no-capture", t);
        case 2 -> round(attack, "restore", t);
        default -> round(attack, "exec", "--target", t, "--", "sh", "-c", "exit 3");
      }
      if (!Files.isRegularFile(target, NOFOLLOW_LINKS) || wins.size() > 0) {
        rootFile(target, "genuine\n", 0644);
      }
    }
    verdict("target flips (regular file / symlink to a root-only file / FIFO)", start);
  }

  @Test
  void a_parent_directory_swapped_for_a_symlink_never_makes_root_act_in_the_canary_tree()
      throws Exception {
    long start = System.nanoTime();
    home = directory("home-parent", false);
    Path probe = Files.createDirectory(home.resolve("probe"));
    Files.setAttribute(probe, "unix:uid", NOBODY, NOFOLLOW_LINKS);
    if (!prepared(cli.run("snapshot", probe.resolve("app.conf").toString()), "parent swap")) {
      return;
    }
    for (int i = 0; i < ROUNDS && !enough(); i++) {
      String sub = "d" + i;
      Path dir = Files.createDirectory(home.resolve(sub));
      Files.setAttribute(dir, "unix:uid", NOBODY, NOFOLLOW_LINKS);
      Path target = rootFile(dir.resolve("app.conf"), "genuine " + i + "\n", 0644);
      String t = target.toString();
      String[] attack = {"swap-parent", home.toString(), sub, canary.toString()};
      switch (i % 3) {
        case 0 -> round(attack, "snapshot", t);
        case 1 -> {
          // restore of an absent prior state removes the target: never the canary's file
          Files.delete(target);
          assertEquals(0, cli.run("snapshot", t).exit());
          rootFile(target, "created later\n", 0644);
          round(attack, "restore", t);
        }
        default -> {
          for (int k = 0; k < 3; k++) {
            assertEquals(0, cli.run("snapshot", t).exit());
          }
          round(attack, "prune", "--keep", "1", t);
        }
      }
    }
    verdict("parent swap (directory replaced by a symlink to a canary tree)", start);
  }

  @Test
  void a_forged_sidecar_flipped_with_the_genuine_one_is_never_trusted() throws Exception {
    long start = System.nanoTime();
    home = directory("home-sidecar", false);
    Path target = rootFile(home.resolve("app.conf"), "genuine\n", 0644);
    if (!prepared(cli.run("snapshot", target.toString()), "forged sidecar")) {
      return;
    }
    String sidecar;
    try (Stream<Path> s = Files.list(home)) {
      sidecar =
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".bak.meta.json"))
              .findFirst()
              .orElseThrow();
    }
    for (int i = 0; i < ROUNDS && !enough(); i++) {
      rootFile(target, "changed " + i + "\n", 0644);
      Run run =
          round(
              new String[] {"flip-sidecar", home.toString(), sidecar},
              "restore",
              "--no-capture",
              target.toString());
      if (run.exit() == 0 && !"genuine\n".equals(Files.readString(target))) {
        win("restore said it restored, but the target holds " + Files.readString(target));
      }
    }
    verdict("forged sidecar (mode 104755, uid 0) flipped with the genuine one", start);
  }

  @Test
  void planted_stamps_and_forged_newer_snapshots_in_a_sticky_directory_change_nothing_of_roots()
      throws Exception {
    long start = System.nanoTime();
    home = directory("sticky-stamps", true);
    Path target = rootFile(home.resolve("app.conf"), "genuine\n", 0644);
    String t = target.toString();
    if (!prepared(cli.run("snapshot", t), "planted stamps")) {
      return;
    }
    List<String> planted = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (String stamp :
        List.of(String.valueOf(now + 60_000), "999999999999999999", "4102444800000", "0" + now)) {
      planted.addAll(plantForgedSnapshot(".app.conf.backup." + stamp + ".bak"));
    }
    int roundsHere = Math.max(5, ROUNDS / 5);
    for (int i = 0; i < roundsHere && !enough(); i++) {
      String version = "version " + i + "\n";
      rootFile(target, version, 0644);
      rounds++;
      Run snapshot = judged(cli.run("snapshot", "--json", t), "snapshot");
      long after = System.currentTimeMillis();
      for (String name : Hostile.names(home)) {
        Path p = home.resolve(name);
        if (name.endsWith(".bak.meta.json") && ownedByRoot(p)) {
          String stamp = name.split("\\.")[4];
          if (!stamp.matches("[1-9][0-9]{0,15}") || Long.parseLong(stamp) > after + 86_400_000L) {
            win("root wrote a stamp it cannot believe or parse: " + name);
          }
        }
      }
      Run prune = judged(cli.run("prune", "--keep", "1", t), "prune --keep 1");
      if (snapshot.exit() == 0 && prune.exit() == 0 && newestRootSnapshotBytes() == null) {
        win("prune --keep 1 deleted root's whole history: " + Hostile.names(home));
      }
      for (String name : planted) {
        if (!Files.exists(home.resolve(name), NOFOLLOW_LINKS)) {
          win("retention deleted the untrusted " + name + " (report, never act on it)");
        }
      }
      Files.writeString(target, "broken\n");
      Run restore = judged(cli.run("restore", "--no-capture", t), "restore");
      if (!version.equals(Files.readString(target))
          || !ownedByRoot(target)
          || ((Integer) Files.getAttribute(target, "unix:mode", NOFOLLOW_LINKS) & 06000) != 0) {
        win("restore did not bring back root's latest snapshot: " + restore);
      }
      Run exec =
          judged(
              cli.run("exec", "--target", t, "--", "sh", "-c", "echo broken > " + t + "; exit 3"),
              "exec");
      if (exec.exit() != 80 || !version.equals(Files.readString(target))) {
        win("exec did not roll back: " + exec + "\ntarget: " + Files.readString(target));
      }
    }
    verdict(
        "planted stamps (sticky dir: forged newer, 999999999999999999, year 2100, "
            + "leading zero)",
        start);
  }

  private Run judged(Run run, String command) throws Exception {
    outcomes.merge(outcome(run), 1, Integer::sum);
    judge(run, command);
    return run;
  }

  private static boolean ownedByRoot(Path p) throws IOException {
    return Integer.valueOf(0).equals(Files.getAttribute(p, "unix:uid", NOFOLLOW_LINKS));
  }

  /** The bytes of the newest payload whose sidecar root owns, or null when there is none. */
  private byte[] newestRootSnapshotBytes() throws IOException {
    String newest = null;
    for (String name : Hostile.names(home)) {
      if (name.endsWith(".bak.meta.json") && ownedByRoot(home.resolve(name))) {
        newest = name;
      }
    }
    if (newest == null) {
      return null;
    }
    Path payload = home.resolve(newest.substring(0, newest.length() - ".meta.json".length()));
    return Files.exists(payload, NOFOLLOW_LINKS) ? Files.readAllBytes(payload) : null;
  }

  /** A payload with the attacker's bytes and a sidecar for it claiming mode 104755, uid 0. */
  private List<String> plantForgedSnapshot(String payloadName) throws Exception {
    byte[] evil = (Attacker.MARK + " forged newer snapshot\n").getBytes(UTF_8);
    Path payload = Files.write(home.resolve(payloadName), evil);
    ObjectNode sidecar = JSON.createObjectNode();
    sidecar.put("schema", "backup_meta.v3");
    sidecar.put("prior_kind", "file");
    sidecar.put("mode", "104755");
    sidecar.put("payload_hash", Hostile.sha256(evil));
    sidecar.put("hash_alg", "sha256");
    sidecar.put("size", evil.length);
    sidecar.put("uid", 0);
    sidecar.put("gid", 0);
    sidecar.put("mtime", Instant.now().toString());
    sidecar.put("created_at", Instant.now().toString());
    sidecar.put("tag", "backup");
    sidecar.put("target_name", "app.conf");
    sidecar.put("tool", "backup/0.1.0");
    Path meta =
        Files.write(
            home.resolve(payloadName + ".meta.json"),
            JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(sidecar));
    for (Path p : List.of(payload, meta)) {
      Files.setAttribute(p, "unix:uid", NOBODY, NOFOLLOW_LINKS);
      Files.setAttribute(p, "unix:gid", NOBODY, NOFOLLOW_LINKS);
    }
    return List.of(payloadName, payloadName + ".meta.json");
  }

  @Test
  void exec_in_a_sticky_directory_rolls_back_whatever_names_the_attacker_plants() throws Exception {
    long start = System.nanoTime();
    home = directory("sticky-exec", true);
    Path target = rootFile(home.resolve("app.conf"), "genuine\n", 0644);
    String t = target.toString();
    if (!prepared(cli.run("snapshot", t), "exec race")) {
      return;
    }
    for (int i = 0; i < ROUNDS && !enough(); i++) {
      String version = "version " + i + "\n";
      rootFile(target, version, 0644);
      Run run =
          round(
              new String[] {"rename-over", home.toString()},
              "exec",
              "--target",
              t,
              "--",
              "sh",
              "-c",
              "echo broken > " + t + "; exit 3");
      boolean ran = run.exit() == 80;
      boolean refusedBeforeRunning = run.exit() != 0 && !ran && errorLine(run) != null;
      if (!version.equals(Files.readString(target))
          || !ownedByRoot(target)
          || !(ran || refusedBeforeRunning)) {
        win(
            "exec did not roll back (exit "
                + run.exit()
                + "), target holds "
                + Files.readString(target)
                + "\n"
                + run);
      }
    }
    verdict("exec (sticky dir, hard links and names planted at root's next names)", start);
  }

  // ---------------------------------------------------------------- child processes

  /** A line-oriented child process: a command goes in, one marked answer comes out. */
  static final class Child {
    static final int HANG = -2;

    private final List<String> command;
    private final Path errors;
    private Process process;
    private PrintStream in;
    private BlockingQueue<String> lines;

    Child(List<String> command, Path errors) throws IOException {
      this.command = command;
      this.errors = errors;
      start();
    }

    private void start() throws IOException {
      process =
          new ProcessBuilder(command)
              .redirectError(java.lang.ProcessBuilder.Redirect.appendTo(errors.toFile()))
              .start();
      in = new PrintStream(process.getOutputStream(), true, UTF_8);
      BlockingQueue<String> queue = new LinkedBlockingQueue<>();
      lines = queue;
      BufferedReader out =
          new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8));
      Thread reader =
          new Thread(
              () -> {
                try {
                  for (String line; (line = out.readLine()) != null; ) {
                    queue.add(line);
                  }
                } catch (IOException e) {
                  // the process ended
                }
              },
              "child-reader");
      reader.setDaemon(true);
      reader.start();
    }

    /** Sends a line and waits for the answer starting with {@code expected}. */
    String send(String line, String expected) throws Exception {
      in.println(line);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
      while (true) {
        String answer = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (answer == null) {
          throw new AssertionError(
              "no answer to "
                  + line
                  + " within "
                  + HANG_SECONDS
                  + " s; "
                  + "stderr: "
                  + Files.readString(errors));
        }
        if (answer.startsWith(expected)) {
          return answer;
        }
      }
    }

    /** Runs one command line; a command that does not finish is killed and reported. */
    Run run(String... args) throws Exception {
      in.println(String.join("\t", args));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
      while (true) {
        String answer = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (answer == null) {
          process.destroyForcibly().waitFor();
          start();
          return new Run(HANG, "", "hung: " + String.join(" ", args));
        }
        if (answer.startsWith(CliLoop.RESULT)) {
          String[] w = answer.substring(CliLoop.RESULT.length()).split(" ", -1);
          Base64.Decoder b64 = Base64.getDecoder();
          return new Run(
              Integer.parseInt(w[0]),
              new String(b64.decode(w[1]), UTF_8),
              new String(b64.decode(w[2]), UTF_8));
        }
      }
    }

    void quit(String line) throws InterruptedException {
      in.println(line);
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
