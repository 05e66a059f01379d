package io.backupsidecar.archfixture.domain.service;

/** Fixture (violation): the domain writes to System.out. */
public final class PrintsToConsole {
  void say(String line) {
    System.out.println(line);
  }
}
