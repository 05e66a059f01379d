package io.backupsidecar.domain.service;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.ExaminedSnapshot;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.Policy;
import io.backupsidecar.domain.model.Remedy;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SidecarFormatException;
import io.backupsidecar.domain.model.SidecarProblem;
import io.backupsidecar.domain.model.SnapshotEntry;
import io.backupsidecar.domain.model.SnapshotListing;
import io.backupsidecar.domain.model.Tag;
import io.backupsidecar.domain.model.UnsafeDirectoryException;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.SidecarCodec;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Finds a target's snapshots and reads their sidecars, with the trust check of DESIGN §5. Shared by
 * list, show, restore and verify so each reads sidecars the same way. Longer than the house's 250
 * lines on purpose: it is the one place where a sidecar is read and judged (listing, reading,
 * trust, trusted history, the examination {@code list} shows), so that no two callers judge alike
 * by different code.
 */
public final class SnapshotCatalog {
  /** Sidecars are small; a larger file is not a sidecar of ours. */
  static final int MAX_SIDECAR_BYTES = Sidecar.MAX_BYTES;

  private final ArtifactStore store;
  private final SidecarCodec codec;
  private final OptionalInt callerUid;

  /**
   * Creates the catalog over exactly what it uses.
   *
   * @param store where artifacts are made and read
   * @param codec sidecar bytes
   * @param callerUid the uid this process acts as, for the trust check of sidecars (empty when the
   *     backend has no numeric owners)
   */
  public SnapshotCatalog(ArtifactStore store, SidecarCodec codec, OptionalInt callerUid) {
    this.store = Objects.requireNonNull(store, "store");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.callerUid = Objects.requireNonNull(callerUid, "callerUid");
  }

  /**
   * Lists the snapshots of a target with a tag, newest first (no sidecar is read). A missing
   * directory has no snapshots.
   *
   * @throws BackupException {@link ErrorId#E_GENERIC} when the directory cannot be listed, {@link
   *     ErrorId#E_POLICY} when the store refuses to act in it
   */
  public SnapshotListing list(Path target, Tag tag) throws BackupException {
    Targets.check(target);
    ArtifactDirectory dir;
    try {
      dir = store.open(target.getParent());
    } catch (NoSuchFileException e) {
      return SnapshotListing.of(target, tag, List.of());
    } catch (IOException e) {
      throw listFailed(target, e);
    }
    try (dir) {
      return list(dir, target, tag);
    } catch (IOException e) {
      throw listFailed(target, e);
    }
  }

  /** Lists the snapshots of a target in its held directory, newest first. */
  SnapshotListing list(ArtifactDirectory dir, Path target, Tag tag) throws BackupException {
    try {
      return SnapshotListing.of(target, tag, dir.list());
    } catch (IOException e) {
      throw listFailed(target, e);
    }
  }

  private static BackupException listFailed(Path target, IOException e) {
    if (e instanceof UnsafeDirectoryException unsafe) {
      return new BackupException(
          ErrorId.E_POLICY,
          target,
          String.format("refusing to list the snapshots of %s: %s", target, unsafe.getReason()),
          e);
    }
    return new BackupException(
        ErrorId.E_GENERIC,
        target,
        String.format("cannot list the snapshots of %s: %s", target, e),
        e);
  }

  /**
   * Reads and decodes a snapshot's sidecar, without the trust check (for display): opens the
   * target's directory for the one read.
   *
   * @throws SidecarProblem when it cannot be read or decoded
   */
  public Sidecar read(SnapshotEntry entry) throws SidecarProblem {
    try (ArtifactDirectory dir = store.open(entry.target().getParent())) {
      return read(dir, entry);
    } catch (IOException e) {
      throw SidecarProblem.unreadable(entry, e);
    }
  }

  /** Reads and decodes a snapshot's sidecar from its held directory, without the trust check. */
  Sidecar read(ArtifactDirectory dir, SnapshotEntry entry) throws SidecarProblem {
    String fileName = entry.name().sidecarFileName();
    return decode(entry, fileName, readSmall(dir, entry, fileName));
  }

  /**
   * Reads the sidecar {@code fileName} ({@code entry}'s, spelled once by the caller for the read
   * and the decode: a list reads thousands, and no path is built for the read).
   */
  private static ArtifactDirectory.SmallFile readSmall(
      ArtifactDirectory dir, SnapshotEntry entry, String fileName) throws SidecarProblem {
    try {
      return dir.readSmall(fileName, MAX_SIDECAR_BYTES);
    } catch (IOException e) {
      throw SidecarProblem.unreadable(entry, e);
    }
  }

  /** Decodes the sidecar {@code fileName} of {@code entry}, named by its path in messages. */
  private Sidecar decode(SnapshotEntry entry, String fileName, ArtifactDirectory.SmallFile file)
      throws SidecarProblem {
    try {
      // entry.sidecar(), without spelling the name again
      return codec.decode(file.bytes(), entry.target().resolveSibling(fileName).toString());
    } catch (SidecarFormatException e) {
      throw new SidecarProblem(e.getMessage(), e);
    }
  }

  /**
   * Reads a sidecar as {@link #readTrusted(ArtifactDirectory, SnapshotEntry, Policy)} does, opening
   * the target's directory for the one read (for display: why would restore not use it?).
   *
   * @throws SidecarProblem naming the sidecar and what is wrong
   */
  public Sidecar readTrusted(SnapshotEntry entry, Policy policy) throws SidecarProblem {
    try (ArtifactDirectory dir = store.open(entry.target().getParent())) {
      return readTrusted(dir, entry, policy);
    } catch (IOException e) {
      throw SidecarProblem.unreadable(entry, e);
    }
  }

  /** One entry of trusted history: a committed snapshot and its trusted sidecar. */
  record Trusted(SnapshotEntry entry, Sidecar sidecar) {}

  /**
   * The history that decides (latest, previous, retention): the committed entries (complete or
   * consumed) whose stamp is believed and whose sidecar is readable and trusted, newest first, and
   * everything else seen, each with why it is ignored. Reads sidecars, no payload.
   */
  record History(List<Trusted> trusted, List<String> ignored) {}

  /** Reads the history of a listing in its held directory (every believed sidecar once). */
  History history(ArtifactDirectory dir, SnapshotListing listing, Policy policy, long now) {
    List<String> ignored = new ArrayList<>(unbelieved(listing, now));
    List<Trusted> trusted = new ArrayList<>();
    for (SnapshotEntry entry : listing.believable(now)) {
      try {
        trusted.add(new Trusted(entry, readTrusted(dir, entry, policy)));
      } catch (SidecarProblem e) {
        ignored.add(e.getMessage());
      }
    }
    return new History(trusted, ignored);
  }

  /**
   * What a listing holds that no history counts, each with why: names whose stamp does not fit the
   * stamp rule, and snapshots stamped beyond the clock's tolerance.
   */
  static List<String> unbelieved(SnapshotListing listing, long now) {
    List<String> out = new ArrayList<>();
    for (String name : listing.unfitStamps()) {
      out.add(
          String.format(
              "%s: its stamp does not fit the stamp rule (1 to 19 digits, no "
                  + "leading zero); never selected, counted or removed",
              name));
    }
    for (SnapshotEntry e : listing.beyondTolerance(now)) {
      out.add(
          String.format(
              "%s: its stamp is more than a day ahead of the clock; not "
                  + "believed as the newest (a restore can still take it by its stamp)",
              e.sidecar().getFileName()));
    }
    return out;
  }

  /**
   * Reads a sidecar a restore may act on: it must be a regular file that only its owner can write,
   * owned by root or by the user running this process; otherwise a user who can write the directory
   * could plant a sidecar that makes a root restore write a setuid file of their choosing. The
   * owner and mode checked are those of the descriptor the bytes were read from, so a file swapped
   * in between cannot pass. {@link Policy#trustForeignSidecars()} relaxes the ownership check. Also
   * refuses a v3 sidecar whose provenance names another target or tag (a sidecar copied from
   * elsewhere).
   *
   * @throws SidecarProblem naming the sidecar and what is wrong
   */
  Sidecar readTrusted(ArtifactDirectory dir, SnapshotEntry entry, Policy policy)
      throws SidecarProblem {
    String fileName = entry.name().sidecarFileName();
    ArtifactDirectory.SmallFile file = readSmall(dir, entry, fileName);
    if (!policy.trustForeignSidecars()) {
      checkTrust(entry, file.file());
    }
    Sidecar sidecar = decode(entry, fileName, file);
    checkProvenance(entry, sidecar);
    return sidecar;
  }

  /**
   * Reads each entry's sidecar once, in one hold of their directory, and judges it as {@link
   * #readTrusted(ArtifactDirectory, SnapshotEntry, Policy)} would, without failing: what {@code
   * list} shows. The entries are of one target (one directory); results come in their order.
   */
  public List<ExaminedSnapshot> examine(List<SnapshotEntry> entries, Policy policy)
      throws BackupException {
    if (entries.isEmpty()) {
      return List.of();
    }
    Path target = entries.get(0).target();
    List<ExaminedSnapshot> out = new ArrayList<>(entries.size());
    try (ArtifactDirectory dir =
        Directories.open(store, target, ErrorId.E_GENERIC, "nothing was read")) {
      for (SnapshotEntry entry : entries) {
        out.add(examine(dir, entry, policy));
      }
    } catch (IOException e) {
      throw new BackupException(
          ErrorId.E_GENERIC,
          target,
          String.format("cannot close the directory of %s: %s", target, e),
          e);
    }
    return out;
  }

  private ExaminedSnapshot examine(ArtifactDirectory dir, SnapshotEntry entry, Policy policy) {
    if (entry.state() == SnapshotEntry.State.INCOMPLETE) {
      return new ExaminedSnapshot(entry, null, null, null);
    }
    ArtifactDirectory.SmallFile file;
    Sidecar sidecar;
    try {
      String fileName = entry.name().sidecarFileName();
      file = readSmall(dir, entry, fileName);
      sidecar = decode(entry, fileName, file);
    } catch (SidecarProblem p) {
      return new ExaminedSnapshot(entry, null, p, null);
    }
    try {
      if (!policy.trustForeignSidecars()) {
        checkTrust(entry, file.file());
      }
      checkProvenance(entry, sidecar);
      return new ExaminedSnapshot(entry, sidecar, null, null);
    } catch (SidecarProblem p) {
      return new ExaminedSnapshot(entry, sidecar, null, p);
    }
  }

  private static void checkProvenance(SnapshotEntry entry, Sidecar sidecar) throws SidecarProblem {
    // the tags compared by value: a record's equals links a method handle on its first call
    if (sidecar.provenance() != null
        && (!sidecar.provenance().targetName().equals(entry.name().targetName())
            || !sidecar.provenance().tag().value().equals(entry.name().tag().value()))) {
      throw new SidecarProblem(
          String.format(
              "sidecar %s describes target '%s' with tag '%s', not this snapshot's name",
              entry.sidecar(), sidecar.provenance().targetName(), sidecar.provenance().tag()),
          null);
    }
  }

  private void checkTrust(SnapshotEntry entry, NodeState.RegularFile file) throws SidecarProblem {
    if (file.metadata().mode().isGroupOrWorldWritable()) {
      throw new SidecarProblem(
          String.format(
              "sidecar %s is writable by group or others (mode %s): it is not trusted; check it "
                  + "and run 'chmod go-w' on it",
              entry.sidecar(), file.metadata().mode().toOctal()),
          null,
          Remedy.TRUST_FOREIGN_SIDECARS);
    }
    OptionalInt me = callerUid;
    Integer owner = file.metadata().uid();
    if (me.isPresent() && owner != null && owner != 0 && owner != me.getAsInt()) {
      throw new SidecarProblem(
          String.format(
              "sidecar %s is owned by uid %d, neither root nor you (uid %d): it is not trusted",
              entry.sidecar(), owner, me.getAsInt()),
          null,
          Remedy.TRUST_FOREIGN_SIDECARS);
    }
  }
}
