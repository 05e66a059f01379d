package io.backupsidecar.app.reliability;

import java.lang.management.ManagementFactory;

/** The test JVM's CPU time so far, for the figures the reliability tests print. */
final class CpuTime {
  private CpuTime() {}

  static String seconds() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return String.format("%.1f s CPU", sun.getProcessCpuTime() / 1e9);
    }
    return "CPU time unknown";
  }
}
