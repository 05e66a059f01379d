package io.backupsidecar.app.hostile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The local attacker of the hostile-directory suite: runs as an unprivileged user (the test starts
 * it through {@code setpriv --reuid=65534}) in a directory it can write, and races the root run of
 * the command line. It is told on stdin when a round starts ({@code ROUND k MODE DIR [ARG...]}; it
 * answers {@code READY k} once armed) and ends ({@code END k}; it answers {@code DONE k ACTIONS},
 * the count of its moves that the kernel accepted). Every file it makes holds {@link #MARK}, so the
 * test can tell the attacker's bytes anywhere.
 *
 * <p>Modes (file system events come from inotify through {@link WatchService}):
 *
 * <ul>
 *   <li>{@code rename-over DIR}: by round, one or both of: when a payload, sidecar temp or restore
 *       staging file appears, rename a file of its own over it (or, every other round, keep
 *       swapping the two under that name for 30 ms); plant hard links to a file of its own at the
 *       restore staging names of every stamp on disk, at the payload names of the next 200 ms and,
 *       the moment a payload appears, at that payload's sidecar-temp name;
 *   <li>{@code flip-target DIR NAME SECRET}: cycle the target between the real file, a symlink to
 *       SECRET and a FIFO (odd rounds: the file and the FIFO only), as fast as renames go;
 *   <li>{@code swap-parent DIR SUB CANARY}: at the first event inside DIR/SUB, move SUB away and
 *       put a symlink to CANARY in its place;
 *   <li>{@code flip-sidecar DIR SIDECAR}: forge a sidecar (mode 104755, uid 0) and payload from the
 *       genuine one, then keep swapping the two pairs under the genuine names.
 * </ul>
 */
public final class Attacker {
  /** What every file of the attacker contains. */
  static final String MARK = "ATTACKER-OWNED";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Attacker() {}

  /** Serves rounds until {@code QUIT} or the end of input. */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, UTF_8);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, UTF_8));
    Move current = null;
    for (String line; (line = in.readLine()) != null && !line.equals("QUIT"); ) {
      String[] w = line.split("\t");
      if (w[0].equals("ROUND")) {
        current = start(Integer.parseInt(w[1]), w);
        out.println("READY " + w[1]);
      } else if (w[0].equals("END")) {
        int actions = current == null ? 0 : current.stop();
        current = null;
        out.println("DONE " + w[1] + " " + actions);
      }
    }
    if (current != null) {
      current.stop();
    }
  }

  private static Move start(int round, String[] w) throws Exception {
    Path dir = Path.of(w[3]);
    Path stash = Files.createDirectories(dir.resolve(".stash"));
    Move move =
        switch (w[2]) {
          case "rename-over" -> new RenameOver(round, dir, stash);
          case "flip-target" -> new FlipTarget(round, dir, stash, w[4], Path.of(w[5]));
          case "swap-parent" -> new SwapParent(dir, w[4], Path.of(w[5]));
          case "flip-sidecar" -> new FlipSidecar(round, dir, stash, w[4]);
          default -> throw new IllegalArgumentException("unknown mode " + w[2]);
        };
    move.arm();
    move.thread = new Thread(move::runLoop, "attacker-" + w[2]);
    move.thread.setDaemon(true);
    move.thread.start();
    return move;
  }

  /** One kind of attack, running on its own thread until stopped. */
  abstract static class Move {
    final AtomicInteger actions = new AtomicInteger();
    volatile boolean stopped;
    Thread thread;

    /** Prepares before the round's command starts (watches, forged files). */
    void arm() throws IOException {}

    /** Loops until {@link #stopped}; every accepted move counts in {@link #actions}. */
    abstract void loop() throws Exception;

    /** Puts things back after the round where that matters to the next one. */
    void cleanUp() throws IOException {}

    final void runLoop() {
      try {
        loop();
      } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
        // stopped
      } catch (Exception e) {
        System.err.println("attacker: " + e);
      }
    }

    final int stop() throws Exception {
      stopped = true;
      thread.join(TimeUnit.SECONDS.toMillis(10));
      cleanUp();
      return actions.get();
    }

    /** Does one move; a move the kernel refuses (root's name, a sticky directory) is no move. */
    final void attempt(IoAction action) {
      try {
        action.run();
        actions.incrementAndGet();
      } catch (IOException | RuntimeException e) {
        // refused or raced: try the next one
      }
    }
  }

  @FunctionalInterface
  interface IoAction {
    void run() throws IOException;
  }

  private static final AtomicInteger FILES = new AtomicInteger();

  /** A new file of the attacker's in the stash. */
  static Path evilFile(Path stash, int round) throws IOException {
    Path p = stash.resolve("evil-" + ProcessHandle.current().pid() + "-" + FILES.incrementAndGet());
    Files.writeString(p, MARK + " round " + round + "\n");
    return p;
  }

  private static void mv(Path from, Path to) throws IOException {
    Files.move(from, to, ATOMIC_MOVE, REPLACE_EXISTING);
  }

  /** Watches one directory; events arrive as soon as inotify reports them. */
  abstract static class Watching extends Move {
    final Path dir;
    WatchService watch;

    Watching(Path dir) {
      this.dir = dir;
    }

    @Override
    void arm() throws IOException {
      watch = FileSystems.getDefault().newWatchService();
      dir.register(watch, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
    }

    @Override
    final void loop() throws Exception {
      while (!stopped) {
        WatchKey key = watch.poll(20, TimeUnit.MILLISECONDS);
        if (key == null) {
          continue;
        }
        for (WatchEvent<?> e : key.pollEvents()) {
          if (e.context() instanceof Path name) {
            onEvent(e.kind(), name.toString());
          }
        }
        key.reset();
      }
    }

    abstract void onEvent(WatchEvent.Kind<?> kind, String name) throws IOException;

    @Override
    void cleanUp() throws IOException {
      watch.close();
    }
  }

  /**
   * Renames its own file over root's temporary ({@code *.tmp}: restore staging, sidecar, restore
   * --to) and payload names; plants hard links.
   */
  static final class RenameOver extends Watching {
    private final int round;
    private final Path stash;
    private final Path linked;
    private final List<Path> planted = new ArrayList<>();
    private String prefix;

    RenameOver(int round, Path dir, Path stash) throws IOException {
      super(dir);
      this.round = round;
      this.stash = stash;
      this.linked = evilFile(stash, round);
    }

    @Override
    void arm() throws IOException {
      super.arm();
      if (plantsLinks()) {
        try (Stream<Path> s = Files.list(dir)) {
          for (Path p : (Iterable<Path>) s::iterator) {
            String n = p.getFileName().toString();
            if (n.endsWith(".bak.meta.json")) {
              String base = n.substring(0, n.length() - ".bak.meta.json".length());
              attempt(() -> Files.createLink(dir.resolve(base + ".restore.tmp"), linked));
              prefix = base.substring(0, base.lastIndexOf('.') + 1);
            }
          }
        }
        if (prefix != null) {
          // the payload names of the next 200 ms: root's exclusive creation must step over them
          long now = System.currentTimeMillis();
          for (long stamp = now; stamp < now + 200; stamp++) {
            Path name = dir.resolve(prefix + stamp + ".bak");
            attempt(() -> Files.createLink(name, linked));
            planted.add(name);
          }
        }
      }
    }

    /** Rounds 1, 4, 7... rename over; 2, 5, 8... plant hard links; 3, 6, 9... both. */
    private boolean renamesOver() {
      return round % 3 != 2;
    }

    private boolean plantsLinks() {
      return round % 3 != 1;
    }

    @Override
    void onEvent(WatchEvent.Kind<?> kind, String name) throws IOException {
      if (kind != ENTRY_CREATE || name.startsWith(".stash")) {
        return;
      }
      if (name.endsWith(".bak") && plantsLinks()) {
        attempt(() -> Files.createLink(dir.resolve(name + ".meta.json.tmp"), linked));
      }
      if (renamesOver() && (name.endsWith(".bak") || name.endsWith(".tmp"))) {
        Path mine = evilFile(stash, round);
        if (round % 2 == 0) {
          attempt(() -> mv(mine, dir.resolve(name)));
        } else {
          toggle(dir.resolve(name), mine);
        }
      }
    }

    /**
     * For a few milliseconds, keeps swapping root's file under {@code name} with its own, so that a
     * check of the name and the use of the name that follows see different files.
     */
    private void toggle(Path name, Path mine) {
      Path held = stash.resolve("held-" + round);
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(30);
      while (System.nanoTime() < end && !stopped) {
        attempt(() -> mv(name, held));
        attempt(() -> mv(mine, name));
        Thread.onSpinWait();
        attempt(() -> mv(name, mine));
        attempt(() -> mv(held, name));
      }
    }

    @Override
    void cleanUp() throws IOException {
      super.cleanUp();
      for (Path p : planted) {
        attempt(
            () -> {
              if (Files.isSameFile(p, linked)) {
                Files.delete(p);
              }
            });
      }
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          if (p.getFileName().toString().endsWith(".restore.tmp")) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  /** Cycles the target between root's file, a symlink to a secret and a FIFO. */
  static final class FlipTarget extends Move {
    private final int round;
    private final Path target;
    private final Path held;
    private final Path link;
    private final Path fifo;

    FlipTarget(int round, Path dir, Path stash, String name, Path secret) throws Exception {
      this.round = round;
      target = dir.resolve(name);
      held = stash.resolve("held-" + round);
      link = stash.resolve("link-" + round);
      fifo = stash.resolve("fifo-" + round);
      Files.deleteIfExists(link);
      Files.createSymbolicLink(link, secret);
      Files.deleteIfExists(fifo);
      Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("mkfifo failed");
      }
    }

    @Override
    void loop() {
      if (round % 2 == 1) {
        // file <-> FIFO only: a look at a regular file, then an open of a FIFO
        while (!stopped) {
          attempt(() -> mv(target, held));
          attempt(() -> mv(fifo, target));
          attempt(() -> mv(target, fifo));
          attempt(() -> mv(held, target));
        }
        return;
      }
      while (!stopped) {
        attempt(() -> mv(target, held));
        attempt(() -> mv(link, target));
        Thread.onSpinWait();
        attempt(() -> mv(target, link));
        attempt(() -> mv(fifo, target));
        Thread.onSpinWait();
        attempt(() -> mv(target, fifo));
        attempt(() -> mv(held, target));
        Thread.yield();
      }
    }

    @Override
    void cleanUp() throws IOException {
      if (Files.exists(held, NOFOLLOW_LINKS) && !Files.exists(target, NOFOLLOW_LINKS)) {
        mv(held, target);
      }
    }
  }

  /** Swaps the target's directory for a symlink to a canary tree once root acts inside it. */
  static final class SwapParent extends Watching {
    private final Path sub;
    private final Path canary;
    private boolean swapped;

    SwapParent(Path dir, String sub, Path canary) {
      super(dir.resolve(sub));
      this.sub = dir.resolve(sub);
      this.canary = canary;
    }

    @Override
    void onEvent(WatchEvent.Kind<?> kind, String name) {
      if (!swapped) {
        swapped = true;
        attempt(() -> mv(sub, sub.resolveSibling(sub.getFileName() + ".moved")));
        attempt(() -> Files.createSymbolicLink(sub, canary));
      }
    }
  }

  /** Keeps swapping a forged (sidecar, payload) pair with the genuine one under its names. */
  static final class FlipSidecar extends Move {
    private final Path sidecar;
    private final Path payload;
    private final Path forgedSidecar;
    private final Path forgedPayload;
    private final Path heldSidecar;
    private final Path heldPayload;

    FlipSidecar(int round, Path dir, Path stash, String sidecarName) throws Exception {
      sidecar = dir.resolve(sidecarName);
      payload = dir.resolve(sidecarName.substring(0, sidecarName.length() - ".meta.json".length()));
      forgedPayload = stash.resolve("forged-payload-" + round);
      forgedSidecar = stash.resolve("forged-sidecar-" + round);
      heldSidecar = stash.resolve("held-sidecar-" + round);
      heldPayload = stash.resolve("held-payload-" + round);
      byte[] evil = (MARK + " setuid shell, round " + round + "\n").getBytes(UTF_8);
      Files.write(forgedPayload, evil);
      ObjectNode forged = (ObjectNode) JSON.readTree(Files.readAllBytes(sidecar));
      forged.put("mode", "104755");
      forged.put("uid", 0);
      forged.put("gid", 0);
      forged.put("size", evil.length);
      forged.put(
          "payload_hash",
          HexFormat.of()
              .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(evil)));
      forged.remove("metadata_hash");
      forged.remove("xattrs");
      Files.write(forgedSidecar, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(forged));
    }

    @Override
    void loop() {
      while (!stopped) {
        attempt(() -> mv(sidecar, heldSidecar));
        attempt(() -> mv(forgedSidecar, sidecar));
        attempt(() -> mv(payload, heldPayload));
        attempt(() -> mv(forgedPayload, payload));
        Thread.onSpinWait();
        attempt(() -> mv(sidecar, forgedSidecar));
        attempt(() -> mv(heldSidecar, sidecar));
        attempt(() -> mv(payload, forgedPayload));
        attempt(() -> mv(heldPayload, payload));
        Thread.yield();
      }
    }

    @Override
    void cleanUp() throws IOException {
      if (Files.exists(heldSidecar, NOFOLLOW_LINKS)) {
        mv(heldSidecar, sidecar);
      }
      if (Files.exists(heldPayload, NOFOLLOW_LINKS)) {
        mv(heldPayload, payload);
      }
    }
  }
}
