package io.backupsidecar.domain.service;

import java.util.Objects;

/**
 * The services of one composition, wired once: the graph a composition root builds with {@link
 * #wire(Ports)}, where every service is given exactly the ports and collaborators it uses (read
 * that method to see who depends on what).
 *
 * @param snapshots takes snapshots
 * @param catalog finds snapshots and reads sidecars
 * @param restores puts snapshots back
 * @param prunes applies retention
 * @param verifier checks snapshots
 * @param guard snapshots, mutates, and rolls back
 */
public record Services(
    SnapshotService snapshots,
    SnapshotCatalog catalog,
    RestoreService restores,
    PruneService prunes,
    VerifyService verifier,
    GuardService guard,
    RestoreElsewhere restoresElsewhere) {

  /** Checks every service is present. */
  public Services {
    Objects.requireNonNull(snapshots, "snapshots");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(restores, "restores");
    Objects.requireNonNull(prunes, "prunes");
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(guard, "guard");
    Objects.requireNonNull(restoresElsewhere, "restoresElsewhere");
  }

  /** The one dependency graph of the services over a set of adapters. */
  public static Services wire(Ports p) {
    SnapshotCatalog catalog = new SnapshotCatalog(p.store(), p.codec(), p.processUid());
    SnapshotService snapshots =
        new SnapshotService(
            p.store(),
            new StampPlanner(catalog),
            new CommitProtocol(
                new PayloadStep(p.durability(), p.hasher()),
                new SidecarBuilder(p.hasher(), p.tool()),
                p.codec(),
                new FlushBarrier(p.durability()),
                p.hasher()),
            new SnapshotFacts(p.facts()),
            p.clock());
    PayloadVerification verification = new PayloadVerification(p.hasher());
    RestoreCapture capture = new RestoreCapture(snapshots, p.hasher());
    RestoreService restores =
        new RestoreService(
            p.store(),
            catalog,
            new RestoreSelection(catalog, p.clock()),
            verification,
            new InPlaceCheck(p.hasher(), p.processUid()),
            new WriteBack(p.durability(), p.hasher(), p.clock(), verification, capture),
            new RestorePlan(p.hasher(), verification, capture),
            new RestoreFacts(p.facts()),
            p.facts());
    PruneService prunes =
        new PruneService(p.store(), p.durability(), p.facts(), p.clock(), catalog);
    VerifyService verifier =
        new VerifyService(
            p.inspector(), p.store(), p.facts(), catalog, new SnapshotCheck(p.hasher(), catalog));
    GuardService guard = new GuardService(p.store(), p.hasher(), p.facts(), snapshots, restores);
    RestoreElsewhere restoresElsewhere =
        new RestoreElsewhere(
            p.inspector(), p.store(), p.durability(), p.hasher(), catalog, restores);
    return new Services(snapshots, catalog, restores, prunes, verifier, guard, restoresElsewhere);
  }
}
