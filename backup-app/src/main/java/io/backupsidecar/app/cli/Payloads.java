package io.backupsidecar.app.cli;

import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.NoSnapshot;
import io.backupsidecar.domain.model.Selection;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SidecarProblem;
import io.backupsidecar.domain.model.SnapshotEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reading a chosen snapshot's payload for {@code cat}, {@code diff} and {@code restore --to}: the
 * snapshot is chosen as a restore chooses it (its sidecar read and trusted), the payload opened
 * without following a symlink and checked to be the regular file the sidecar records, and its bytes
 * checked against the recorded hash before anything is done with them.
 */
final class Payloads {
  private static final int BUFFER = 1 << 16;

  private Payloads() {}

  /** A chosen snapshot and its (trusted) sidecar, and the backup that reads it. */
  record Chosen(SnapshotEntry entry, Sidecar sidecar, Backup backup) {}

  /** The snapshot {@code choice} names for {@code target}, its sidecar read and trusted. */
  static Chosen choose(Cli cli, Backup backup, Path target, SnapshotChoice choice)
      throws BackupException {
    Selection selection = SnapshotChoice.resolve(choice, backup, target, cli.zone());
    SnapshotEntry entry =
        backup
            .select(target, selection)
            .orElseThrow(() -> NoSnapshot.of(target, backup.policy().tag(), selection, ""));
    try {
      return new Chosen(entry, backup.readTrusted(entry), backup);
    } catch (SidecarProblem p) {
      throw new BackupException(ErrorId.E_RESTORE_FAILED, target, p.getMessage(), p);
    }
  }

  /**
   * Opens the payload of a file snapshot for reading through the store: a payload swapped for a
   * symlink or a FIFO is refused, never followed or blocked on.
   */
  static SeekableByteChannel open(Chosen chosen) throws BackupException {
    Path payload = chosen.entry().payload();
    try {
      return chosen.backup().openRead(payload);
    } catch (IOException e) {
      throw cannotRead(payload, e);
    }
  }

  /**
   * Checks the payload's bytes against the sidecar's {@code payload_hash}: a mismatch, or no hash
   * to check, is {@code E_RESTORE_FAILED} unless {@code relaxed}. Leaves the channel at 0.
   *
   * @return whether the bytes were verified
   */
  static boolean verify(
      Chosen chosen, SeekableByteChannel channel, boolean relaxed, String relaxOption)
      throws BackupException {
    if (expectedHash(chosen, relaxed, relaxOption) == null) {
      return false;
    }
    try {
      ContentHash actual = copy(channel, OutputStream.nullOutputStream());
      channel.position(0);
      return judge(chosen, actual, relaxed, relaxOption);
    } catch (IOException e) {
      throw cannotRead(chosen.entry().payload(), e);
    }
  }

  /**
   * The sidecar's {@code payload_hash}, or null when it records none and {@code relaxed}; no hash
   * to check is {@code E_RESTORE_FAILED} otherwise.
   */
  static ContentHash expectedHash(Chosen chosen, boolean relaxed, String relaxOption)
      throws BackupException {
    ContentHash expected = ((Sidecar.PriorFile) chosen.sidecar().prior()).payloadHash();
    if (expected == null && !relaxed) {
      throw new BackupException(
          ErrorId.E_RESTORE_FAILED,
          chosen.entry().payload(),
          String.format(
              "the sidecar of %s records no payload hash, so its bytes cannot be checked; to use "
                  + "them anyway: %s",
              chosen.entry().payload(), relaxOption));
    }
    return expected;
  }

  /**
   * Judges the SHA-256 of the payload's bytes against the sidecar's: a mismatch is {@code
   * E_RESTORE_FAILED} unless {@code relaxed}.
   *
   * @return whether the bytes were verified
   */
  static boolean judge(Chosen chosen, ContentHash actual, boolean relaxed, String relaxOption)
      throws BackupException {
    ContentHash expected = expectedHash(chosen, relaxed, relaxOption);
    if (expected == null) {
      return false;
    }
    if (actual.equals(expected)) {
      return true;
    }
    if (relaxed) {
      return false;
    }
    Path payload = chosen.entry().payload();
    throw new BackupException(
        ErrorId.E_RESTORE_FAILED,
        payload,
        String.format(
            "payload %s does not match its recorded hash (sha256 %s, recorded %s): it is "
                + "damaged; choose another snapshot with --at, or use it anyway: %s",
            payload, actual.hex(), expected.hex(), relaxOption));
  }

  private static BackupException cannotRead(Path payload, IOException e) {
    return new BackupException(
        ErrorId.E_RESTORE_FAILED,
        payload,
        Errors.inWords(String.format("cannot read payload %s: %s", payload, e)),
        e);
  }

  /** Copies the channel's bytes from its position to {@code out}; returns their SHA-256. */
  static ContentHash copy(SeekableByteChannel in, OutputStream out) throws IOException {
    MessageDigest digest = sha256();
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    while (in.read(buffer) >= 0) {
      buffer.flip();
      digest.update(buffer.array(), 0, buffer.limit());
      out.write(buffer.array(), 0, buffer.limit());
      buffer.clear();
    }
    return new ContentHash(HexFormat.of().formatHex(digest.digest()));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
