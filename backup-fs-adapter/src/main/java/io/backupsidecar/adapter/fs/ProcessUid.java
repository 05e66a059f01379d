package io.backupsidecar.adapter.fs;

import com.sun.security.auth.module.UnixSystem;
import java.util.OptionalInt;

/** The uid of this process on a Unix host, read by the JDK's native {@code getuid}. */
final class ProcessUid {

  private ProcessUid() {}

  static OptionalInt current() {
    try {
      long uid = new UnixSystem().getUid();
      return uid >= 0 && uid <= Integer.MAX_VALUE ? OptionalInt.of((int) uid) : OptionalInt.empty();
    } catch (LinkageError e) {
      // Not a Unix JDK (no native getuid), or the jdk.security.auth module is left out of a
      // jlink image: there is no reliable uid, and an empty one makes restore's trust check
      // refuse rather than trust blindly.
      return OptionalInt.empty();
    }
  }
}
