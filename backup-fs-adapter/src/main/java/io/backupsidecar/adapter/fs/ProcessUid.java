package io.backupsidecar.adapter.fs;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.util.OptionalInt;

/** The uid of this process on a Unix host. */
final class ProcessUid {

  private ProcessUid() {}

  /** The real uid, read by the JDK's native {@code getuid}. */
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

  /**
   * The effective uid (the one the kernel checks permissions with), from the {@code Uid:} line of
   * {@code /proc/self/status} on {@code platform} (the platform filesystem, handed in: this adapter
   * looks up no filesystem of its own); the real uid where there is no such file.
   */
  static OptionalInt effective(FileSystem platform) {
    try {
      String status =
          new String(
              Files.readAllBytes(platform.getPath("/proc/self/status")), StandardCharsets.US_ASCII);
      for (String line : status.split("\n")) {
        if (line.startsWith("Uid:")) {
          // Uid: real effective saved filesystem
          return OptionalInt.of(Integer.parseInt(line.substring(4).trim().split("\\s+")[1]));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or no procfs mounted: fall back to the real uid
    }
    return current();
  }
}
