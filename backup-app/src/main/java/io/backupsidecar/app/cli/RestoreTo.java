package io.backupsidecar.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Sidecar;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * {@code restore --to OTHER}: a snapshot's state written to another path, atomically (a private
 * temporary file beside OTHER, completed, flushed, then renamed over it; the directory flushed) and
 * integrity-checked (the bytes written are hashed while they are written and must match the
 * sidecar), without touching the target or its snapshots: nothing is captured, nothing is
 * snapshotted.
 */
final class RestoreTo {
  private static final SecureRandom RANDOM = new SecureRandom();

  private RestoreTo() {}

  /** What was done. */
  record Result(
      Path target,
      Path to,
      Payloads.Chosen chosen,
      boolean verified,
      boolean dryRun,
      boolean ownerApplied) {

    String describe() {
      String kind = chosen.sidecar().prior().kind().wireName();
      return String.format(
          "%s %s from snapshot %d of %s (%s%s)%s; %s and its snapshots were " + "not touched",
          dryRun ? "would restore" : "restored",
          Table.printable(to.toString()),
          chosen.entry().stamp(),
          Table.printable(target.toString()),
          kind,
          verified ? ", integrity verified" : "",
          ownerApplied || dryRun || !(chosen.sidecar().prior() instanceof Sidecar.PriorFile)
              ? ""
              : " (owner not applied: only root may give a file away)",
          Table.printable(target.toString()));
    }

    ObjectNode toJson() {
      return Json.command("restore")
          .put("target", target.toString())
          .put("to", to.toString())
          .put("outcome", dryRun ? "planned" : "restored")
          .put("backup", chosen.entry().payload().getFileName().toString())
          .put("stamp", chosen.entry().stamp())
          .put("prior_kind", chosen.sidecar().prior().kind().wireName())
          .put("sidecar_integrity_verified", verified)
          .put("dry_run", dryRun);
    }
  }

  static Result restore(
      Path target, Path to, Payloads.Chosen chosen, boolean relaxed, boolean dryRun)
      throws BackupException {
    if (to.equals(target)) {
      throw new BackupException(
          ErrorId.E_USAGE,
          to,
          String.format(
              "--to %s is the target itself; to restore it in place, leave --to out", to));
    }
    if (Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
      throw new BackupException(
          ErrorId.E_UNSUPPORTED_NODE,
          to,
          String.format("--to %s is a directory; give the path of the file to write", to));
    }
    Sidecar.Prior prior = chosen.sidecar().prior();
    if (dryRun) {
      boolean verified = false;
      if (prior instanceof Sidecar.PriorFile) {
        try (SeekableByteChannel channel = Payloads.open(chosen)) {
          verified =
              Payloads.verify(
                  chosen, channel, relaxed, "backup restore --no-require-integrity --to " + to);
        } catch (IOException e) {
          throw failed(to, e);
        }
      }
      return new Result(target, to, chosen, verified, true, false);
    }
    try {
      if (prior instanceof Sidecar.PriorFile f) {
        return writeFile(target, to, chosen, f, relaxed);
      }
      if (prior instanceof Sidecar.PriorSymlink l) {
        Path temporary = temporaryBeside(to);
        Files.createSymbolicLink(temporary, to.getFileSystem().getPath(l.destination()));
        moveOver(temporary, to);
      } else {
        Files.deleteIfExists(to);
      }
      syncDirectory(to);
      return new Result(target, to, chosen, false, false, true);
    } catch (IOException e) {
      throw failed(to, e);
    }
  }

  private static Result writeFile(
      Path target, Path to, Payloads.Chosen chosen, Sidecar.PriorFile f, boolean relaxed)
      throws IOException, BackupException {
    Path temporary = null;
    try (SeekableByteChannel payload = Payloads.open(chosen)) {
      boolean verified =
          Payloads.verify(
              chosen, payload, relaxed, "backup restore --no-require-integrity --to " + to);
      temporary = createPrivate(to);
      ContentHash written;
      try (FileChannel out =
          FileChannel.open(temporary, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
        OutputStream stream = Channels.newOutputStream(out);
        written = Payloads.copy(payload, stream);
        stream.flush();
        // the bytes written are the bytes checked: a payload changed since the check is caught
        if (verified && !written.equals(f.payloadHash())) {
          throw new BackupException(
              ErrorId.E_RESTORE_FAILED,
              chosen.entry().payload(),
              String.format(
                  "payload %s changed while it was copied; %s was left as it was",
                  chosen.entry().payload(), to));
        }
        boolean ownerApplied = applyMetadata(temporary, f);
        out.force(true);
        moveOver(temporary, to);
        temporary = null;
        syncDirectory(to);
        return new Result(target, to, chosen, verified, false, ownerApplied);
      }
    } finally {
      if (temporary != null) {
        Files.deleteIfExists(temporary);
      }
    }
  }

  /** Owner first (chown clears setuid), then mode, then mtime; returns whether owned so. */
  private static boolean applyMetadata(Path file, Sidecar.PriorFile f) throws IOException {
    boolean ownerApplied = true;
    if (f.uid() != null && f.gid() != null) {
      try {
        Files.setAttribute(file, "unix:uid", f.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(file, "unix:gid", f.gid(), LinkOption.NOFOLLOW_LINKS);
      } catch (IOException | UnsupportedOperationException e) {
        ownerApplied = false; // not root: the file stays the restorer's, as cp does
      }
    }
    try {
      Files.setAttribute(file, "unix:mode", f.mode().permissions(), LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException e) {
      Files.setPosixFilePermissions(
          file, PosixFilePermissions.fromString(symbolic(f.mode().permissions())));
    }
    if (f.mtime() != null) {
      Files.setLastModifiedTime(file, FileTime.from(f.mtime()));
    }
    return ownerApplied;
  }

  private static String symbolic(int permissions) {
    String letters = "rwxrwxrwx";
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 9; i++) {
      b.append((permissions & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
    }
    return b.toString();
  }

  private static Path createPrivate(Path to) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path temporary = temporaryBeside(to);
      try {
        Files.newByteChannel(
                temporary,
                java.util.Set.of(
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            .close();
        return temporary;
      } catch (FileAlreadyExistsException e) {
        if (attempt > 10) {
          throw e;
        }
      }
    }
  }

  private static Path temporaryBeside(Path to) {
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    return to.resolveSibling(
        "." + to.getFileName() + ".restore-to." + HexFormat.of().formatHex(random) + ".tmp");
  }

  private static void moveOver(Path temporary, Path to) throws IOException {
    try {
      Files.move(
          temporary, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
  }

  private static void syncDirectory(Path to) throws IOException {
    Path dir = to.toAbsolutePath().getParent();
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // some filesystems cannot open a directory for a flush; the rename is done
    }
  }

  private static BackupException failed(Path to, IOException e) {
    return new BackupException(
        ErrorId.E_RESTORE_FAILED,
        to,
        Errors.inWords(String.format("cannot restore to %s: %s", to, e)),
        e);
  }
}
