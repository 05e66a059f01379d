package io.backupsidecar.adapter.sidecar;

import io.backupsidecar.domain.contract.SidecarSamples;
import io.backupsidecar.domain.model.Sidecar;
import java.util.ArrayList;
import java.util.List;

/**
 * Sidecars of every version and kind for the codec's own tests: the goldens, and the edge cases and
 * seeded random ones the {@code SidecarCodec} contract also uses.
 */
final class SampleSidecars {
  private SampleSidecars() {}

  /** The goldens, then extreme ids, sizes, modes, instants and awkward strings. */
  static List<Sidecar> edgeCases() {
    List<Sidecar> out = new ArrayList<>(Goldens.EXPECTED.values());
    out.addAll(SidecarSamples.edgeCases());
    return out;
  }

  /** Seeded random sidecars, valid by construction. */
  static List<Sidecar> random(long seed, int count) {
    return SidecarSamples.random(seed, count);
  }
}
