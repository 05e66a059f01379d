package io.backupsidecar.domain.contract;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.port.Hasher;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The {@link Hasher} contract: SHA-256 of exactly the bytes fed, however they are fed (arrays with
 * offsets, heap or direct buffers, in any pieces), sessions independent of each other, a finished
 * session refusing further use. Extend it with the hasher under test.
 */
public abstract class HasherContract {
  /** SHA-256 of {@code "abc"} (FIPS 180-2, appendix B.1). */
  public static final String SHA256_ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  /** SHA-256 of no bytes. */
  public static final String SHA256_EMPTY =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  /** SHA-256 of one million {@code 'a'} (FIPS 180-2, appendix B.3). */
  public static final String SHA256_MILLION_A =
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

  /** A new hasher under test. */
  protected abstract Hasher hasher();

  @Test
  void abc_hashes_to_the_published_vector() {
    Hasher.Session session = hasher().newSession();
    session.update("xabcx".getBytes(US_ASCII), 1, 3);

    assertEquals(SHA256_ABC, session.finish().hex());
  }

  @Test
  void no_bytes_hash_to_the_empty_vector() {
    assertEquals(SHA256_EMPTY, hasher().newSession().finish().hex());
  }

  @Test
  void a_heap_buffer_is_hashed_from_position_to_limit_and_consumed() {
    ByteBuffer buffer = ByteBuffer.wrap("xabcx".getBytes(US_ASCII)).position(1).limit(4);
    Hasher.Session session = hasher().newSession();

    session.update(buffer);

    assertEquals(4, buffer.position());
    assertEquals(SHA256_ABC, session.finish().hex());
  }

  @Test
  void a_direct_buffer_is_hashed_from_position_to_limit_and_consumed() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(5).put("xabcx".getBytes(US_ASCII));
    buffer.position(1).limit(4);
    Hasher.Session session = hasher().newSession();

    session.update(buffer);

    assertEquals(4, buffer.position());
    assertEquals(SHA256_ABC, session.finish().hex());
  }

  @Test
  void pieces_fed_in_any_mix_hash_like_the_whole() {
    byte[] bytes = new byte[100_003];
    new Random(3).nextBytes(bytes);
    Hasher.Session session = hasher().newSession();
    session.update(bytes, 0, 10);
    session.update(ByteBuffer.wrap(bytes, 10, 50_000));
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length - 50_010);
    direct.put(bytes, 50_010, bytes.length - 50_010).flip();
    session.update(direct);

    assertEquals(sha256(bytes), session.finish());
  }

  @Test
  void a_million_bytes_in_uneven_pieces_hash_to_the_published_vector() {
    byte[] a = new byte[4099];
    Arrays.fill(a, (byte) 'a');
    Hasher.Session session = hasher().newSession();
    int left = 1_000_000;
    for (int piece = 1; left > 0; piece = piece * 3 % 4099 + 1) {
      int n = Math.min(piece, left);
      session.update(a, 0, n);
      left -= n;
    }

    assertEquals(SHA256_MILLION_A, session.finish().hex());
  }

  @Test
  void sessions_are_independent() {
    Hasher hasher = hasher();
    Hasher.Session first = hasher.newSession();
    Hasher.Session second = hasher.newSession();
    first.update("abc".getBytes(US_ASCII), 0, 3);

    assertEquals(SHA256_EMPTY, second.finish().hex());
    assertEquals(SHA256_ABC, first.finish().hex());
  }

  @Test
  void a_finished_session_refuses_more_bytes() {
    Hasher.Session session = hasher().newSession();
    session.finish();

    assertThrows(IllegalStateException.class, () -> session.update(new byte[1], 0, 1));
    assertThrows(IllegalStateException.class, () -> session.update(ByteBuffer.allocate(1)));
    assertThrows(IllegalStateException.class, session::finish);
  }

  /** The JDK's SHA-256 of {@code bytes}, the reference the hashers are compared with. */
  public static ContentHash sha256(byte[] bytes) {
    try {
      return ContentHash.of(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
