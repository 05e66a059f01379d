package io.backupsidecar.domain.fakes;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.port.Hasher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** A plain SHA-256 hasher for domain tests. */
public final class Sha256 implements Hasher {
  @Override
  public Session newSession() {
    MessageDigest digest = newDigest();
    return new Session() {
      private boolean finished;

      @Override
      public void update(byte[] bytes, int offset, int length) {
        checkOpen();
        digest.update(bytes, offset, length);
      }

      @Override
      public void update(ByteBuffer buffer) {
        checkOpen();
        digest.update(buffer);
      }

      @Override
      public ContentHash finish() {
        checkOpen();
        finished = true;
        return ContentHash.of(digest.digest());
      }

      private void checkOpen() {
        // as the port says: a MessageDigest would silently start over, hashing another stream
        if (finished) {
          throw new IllegalStateException("this hash session is finished");
        }
      }
    };
  }

  /** The hash of some bytes. */
  public static ContentHash of(byte[] bytes) {
    return ContentHash.of(newDigest().digest(bytes));
  }

  /** The hash of a UTF-8 string. */
  public static ContentHash of(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
