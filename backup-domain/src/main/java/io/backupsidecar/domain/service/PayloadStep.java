package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.Copied;
import io.backupsidecar.domain.model.ExtendedAttributes;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.port.ArtifactDirectory.StageOptions;
import io.backupsidecar.domain.port.Durability;
import io.backupsidecar.domain.port.Hasher;
import io.backupsidecar.domain.port.StagedFile;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The payload steps of the snapshot protocol: stage the payload (copied, hashed and completed
 * through its own descriptor), then give it its name. Both claim their name exclusively through
 * {@link StampAllocator}: a name someone else holds bumps the stamp.
 */
final class PayloadStep {
  /** How many stamps past the first choice are tried before giving up. */
  static final int MAX_STAMP_BUMPS = 100_000;

  private final Durability durability;
  private final Hasher hasher;

  /**
   * @param durability says whether copies to be flushed are written behind
   * @param hasher SHA-256, computed in the same pass as the copy
   */
  PayloadStep(Durability durability, Hasher hasher) {
    this.durability = Objects.requireNonNull(durability, "durability");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
  }

  /**
   * Writes the payload: a file is copied and hashed in one pass and completed with the target's
   * owner, mode, extended attributes and mtime through its own descriptor; an absent target leaves
   * an empty tombstone. A symlink is made when it is named: nothing is staged for it.
   *
   * @param willFlush whether the payload will be flushed (then it may be written behind)
   * @return what was written, with the time it took
   */
  PayloadWritten stage(PendingSnapshot p, boolean willFlush) throws BackupException {
    if (p.state instanceof NodeState.Symlink) {
      p.payloadStaged(p.name());
      return PayloadWritten.noContent(0);
    }
    long start = System.nanoTime();
    CaptureHold hold = p.takeHold();
    if (hold != null) {
      PayloadWritten held = stageHeld(p, hold);
      if (held != null) {
        return held.plusCopyNanos(System.nanoTime() - start);
      }
    }
    try {
      StampAllocator.Claimed<PayloadWritten> claimed =
          StampAllocator.claim(
              p.target,
              p.name(),
              MAX_STAMP_BUMPS,
              name -> {
                StageOptions options =
                    new StageOptions(
                        name.payloadFileName(), true, willFlush && durability.writesBehind());
                if (p.state instanceof NodeState.RegularFile file) {
                  StagedFile staged = p.dir.stageCopy(p.targetName(), file, hasher, options);
                  p.holdPayload(staged);
                  Copied copied = staged.copied();
                  List<String> notKept = staged.complete(file.metadata());
                  return new PayloadWritten(
                      copied.hash(),
                      copied.bytes(),
                      kept(copied.xattrs(), notKept),
                      copied.hashNanos(),
                      0);
                }
                p.holdPayload(p.dir.stageBytes(new byte[0], 0600, options));
                return PayloadWritten.noContent(0);
              });
      p.payloadStaged(claimed.name());
      return claimed.value().plusCopyNanos(System.nanoTime() - start);
    } catch (IOException e) {
      throw p.failed(
          String.format(
              "cannot write the payload %s of %s: %s",
              p.target.resolveSibling(p.payloadName()), p.target, e),
          e);
    }
  }

  /**
   * The target held in place as the payload (a restore's capture: the rename that follows leaves
   * the inode to the payload's name alone), if it is still the file held and its hash could be
   * taken; {@code null} when the file must be copied instead (the hold is then released).
   */
  private static PayloadWritten stageHeld(PendingSnapshot p, CaptureHold hold) {
    if (!hold.holds(p.state)) {
      hold.release();
      return null;
    }
    Copied copied;
    try {
      copied = hold.file().await();
    } catch (IOException e) {
      // changed while it was read, or unreadable: the copy reads it again and reports its own error
      hold.release();
      return null;
    }
    if (copied.bytes() != ((NodeState.RegularFile) p.state).size()) {
      hold.release();
      return null;
    }
    hold.use();
    p.holdPayload(hold.file());
    p.payloadStaged(p.name());
    return new PayloadWritten(
        copied.hash(), copied.bytes(), copied.xattrs(), copied.hashNanos(), 0);
  }

  /** The attributes the payload holds: those read from the target less those it refused. */
  private static ExtendedAttributes kept(ExtendedAttributes read, List<String> notKept) {
    if (notKept.isEmpty()) {
      return read;
    }
    Map<String, byte[]> kept = new TreeMap<>(read.asMap());
    notKept.forEach(kept::remove);
    return ExtendedAttributes.of(kept);
  }

  /**
   * Gives the payload its name, exclusively; a name someone else holds bumps the stamp.
   *
   * @return the time it took
   */
  long name(PendingSnapshot p) throws BackupException {
    long start = System.nanoTime();
    try {
      StampAllocator.Claimed<Void> claimed =
          StampAllocator.<Void>claim(
              p.target,
              p.name(),
              MAX_STAMP_BUMPS,
              name -> {
                if (p.state instanceof NodeState.Symlink link) {
                  p.dir.createSymlink(name.payloadFileName(), link.destination());
                } else {
                  p.payloadFile().link(name.payloadFileName());
                }
                return null;
              });
      p.payloadNamed(claimed.name());
    } catch (IOException e) {
      throw p.failed(
          String.format(
              "cannot name the payload %s of %s: %s",
              p.target.resolveSibling(p.payloadName()), p.target, e),
          e);
    }
    return System.nanoTime() - start;
  }
}
