package io.backupsidecar.domain.port;

import io.backupsidecar.domain.model.ContentHash;
import java.nio.ByteBuffer;

/** Computes SHA-256 of a byte stream fed in pieces, so it can run while copying. */
@FunctionalInterface
public interface Hasher {

  /** Starts a new, independent digest. */
  Session newSession();

  /** One digest in progress; not thread-safe, used once. */
  interface Session {
    /** Feeds {@code length} bytes of {@code bytes} from {@code offset}. */
    void update(byte[] bytes, int offset, int length);

    /** Feeds the remaining bytes of the buffer, advancing its position to its limit. */
    void update(ByteBuffer buffer);

    /** Finishes the digest; the session must not be used after. */
    ContentHash finish();
  }
}
