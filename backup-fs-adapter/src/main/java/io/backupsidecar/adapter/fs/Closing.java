package io.backupsidecar.adapter.fs;

/** Closes a resource after a failure without hiding that failure. */
final class Closing {

  private Closing() {}

  /** Closes {@code resource}; what closing throws is added to {@code failure} as suppressed. */
  static void quietly(AutoCloseable resource, Throwable failure) {
    try {
      resource.close();
    } catch (Exception | Error e) {
      failure.addSuppressed(e);
    }
  }
}
