package io.backupsidecar.archfixture.domain.service;

import java.util.Date;

/** Fixture (violation): new Date() in the domain. */
public final class CreatesDate {
  Date stamp() {
    return new Date();
  }
}
