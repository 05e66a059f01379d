package io.backupsidecar.app.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Root-only tests skip by the effective uid, the one the kernel checks permissions with: a setuid
 * helper (real uid 1000, effective 0) is root, root dropped to nobody is not.
 */
class EffectiveUidTest {
  @TempDir Path dir;

  private long effectiveUidOf(String uidLine) throws Exception {
    Path status =
        Files.writeString(
            dir.resolve("status"),
            "Name:\tjava\nUmask:\t0022\nState:\tR (running)\n" + uidLine + "\nGid:\t0\t0\t0\t0\n");
    return Hostile.effectiveUid(status);
  }

  @Test
  void the_effective_uid_is_the_second_field_of_the_uid_line() throws Exception {
    assertEquals(0, effectiveUidOf("Uid:\t1000\t0\t0\t0"));
    assertEquals(65534, effectiveUidOf("Uid:\t0\t65534\t65534\t65534"));
  }

  @Test
  void an_unreadable_status_is_not_root() throws Exception {
    assertEquals(-1, effectiveUidOf("Uid:\tgarbage"));
    assertEquals(-1, Hostile.effectiveUid(dir.resolve("missing")));
  }
}
