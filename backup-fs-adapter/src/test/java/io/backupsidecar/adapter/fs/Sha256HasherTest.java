package io.backupsidecar.adapter.fs;

import static io.backupsidecar.adapter.fs.Fixtures.SHA256_ABC;
import static io.backupsidecar.adapter.fs.Fixtures.SHA256_EMPTY;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.backupsidecar.domain.port.Hasher;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class Sha256HasherTest {

  private final Hasher hasher = new Sha256Hasher();

  @Test
  void abc_hashes_to_the_published_vector() {
    Hasher.Session session = hasher.newSession();
    session.update("xabcx".getBytes(US_ASCII), 1, 3);

    assertEquals(SHA256_ABC, session.finish().hex());
  }

  @Test
  void no_bytes_hash_to_the_empty_vector() {
    assertEquals(SHA256_EMPTY, hasher.newSession().finish().hex());
  }

  @Test
  void a_heap_buffer_is_hashed_from_position_to_limit_and_consumed() {
    ByteBuffer buffer = ByteBuffer.wrap("xabcx".getBytes(US_ASCII)).position(1).limit(4);
    Hasher.Session session = hasher.newSession();

    session.update(buffer);

    assertEquals(4, buffer.position());
    assertEquals(SHA256_ABC, session.finish().hex());
  }

  @Test
  void a_direct_buffer_is_hashed_from_position_to_limit_and_consumed() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(5).put("xabcx".getBytes(US_ASCII));
    buffer.position(1).limit(4);
    Hasher.Session session = hasher.newSession();

    session.update(buffer);

    assertEquals(4, buffer.position());
    assertEquals(SHA256_ABC, session.finish().hex());
  }

  @Test
  void pieces_fed_in_any_mix_hash_like_the_whole() {
    byte[] bytes = Fixtures.randomBytes(100_003, 3);
    Hasher.Session session = hasher.newSession();
    session.update(bytes, 0, 10);
    session.update(ByteBuffer.wrap(bytes, 10, 50_000));
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length - 50_010);
    direct.put(bytes, 50_010, bytes.length - 50_010).flip();
    session.update(direct);

    assertEquals(Fixtures.sha256(bytes), session.finish());
  }

  @Test
  void sessions_are_independent() {
    Hasher.Session first = hasher.newSession();
    Hasher.Session second = hasher.newSession();
    first.update("abc".getBytes(US_ASCII), 0, 3);

    assertEquals(SHA256_EMPTY, second.finish().hex());
    assertEquals(SHA256_ABC, first.finish().hex());
  }

  @Test
  void a_finished_session_refuses_more_bytes() {
    Hasher.Session session = hasher.newSession();
    session.finish();

    assertThrows(IllegalStateException.class, () -> session.update(new byte[1], 0, 1));
    assertThrows(IllegalStateException.class, session::finish);
  }
}
