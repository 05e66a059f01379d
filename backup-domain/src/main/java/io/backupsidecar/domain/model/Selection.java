package io.backupsidecar.domain.model;

/** Which complete snapshot a restore takes. */
public sealed interface Selection permits Selection.Latest, Selection.Previous, Selection.At {

  /** The newest complete snapshot that is not a restore's capture. */
  record Latest() implements Selection {
    @Override
    public String toString() {
      return "latest";
    }
  }

  /** The second newest complete snapshot that is not a restore's capture. */
  record Previous() implements Selection {
    @Override
    public String toString() {
      return "previous";
    }
  }

  /**
   * The complete snapshot with exactly this stamp (captures included).
   *
   * @param stamp epoch milliseconds, as in the backup name
   */
  record At(long stamp) implements Selection {
    @Override
    public String toString() {
      return "at " + stamp;
    }
  }

  /** The latest snapshot. */
  static Selection latest() {
    return new Latest();
  }

  /** The previous snapshot. */
  static Selection previous() {
    return new Previous();
  }

  /** The snapshot with this stamp. */
  static Selection at(long stamp) {
    return new At(stamp);
  }
}
