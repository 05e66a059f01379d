package io.backupsidecar.archfixture.adapter.sidecar;

/** Fixture: a clean sidecar adapter class. */
public final class SidecarThing {
  public String encode() {
    return "{}";
  }
}
