package io.backupsidecar.archfixture.domain.model;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Fixture (violation): Jackson in the domain. */
public final class UsesJackson {
  final ObjectMapper mapper = new ObjectMapper();
}
