package io.backupsidecar.adapter.fs;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.port.Hasher;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The {@link Hasher} on the JDK's {@code MessageDigest} "SHA-256". */
public final class Sha256Hasher implements Hasher {

  /** Creates the hasher; it holds no state, each session has its own digest. */
  public Sha256Hasher() {}

  @Override
  public Session newSession() {
    try {
      return new DigestSession(MessageDigest.getInstance("SHA-256"));
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (MessageDigest Javadoc), so this is a broken JDK.
      throw new IllegalStateException("the JDK provides no SHA-256 MessageDigest", e);
    }
  }

  private static final class DigestSession implements Session {
    private final MessageDigest digest;
    private boolean finished;

    DigestSession(MessageDigest digest) {
      this.digest = digest;
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
      checkOpen();
      digest.update(bytes, offset, length);
    }

    @Override
    public void update(ByteBuffer buffer) {
      checkOpen();
      // MessageDigest reads heap and direct buffers alike and advances the position to the limit.
      digest.update(buffer);
    }

    @Override
    public ContentHash finish() {
      checkOpen();
      finished = true;
      return ContentHash.of(digest.digest());
    }

    private void checkOpen() {
      // MessageDigest silently restarts after digest(): a late update would hash a different
      // stream than the caller believes, so reuse is an error rather than a fresh start.
      if (finished) {
        throw new IllegalStateException("this hash session is finished and cannot be used again");
      }
    }
  }
}
