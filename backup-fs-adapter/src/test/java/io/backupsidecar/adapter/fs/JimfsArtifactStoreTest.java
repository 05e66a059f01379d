package io.backupsidecar.adapter.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.backupsidecar.domain.model.FileMode;
import io.backupsidecar.domain.model.NodeState.FileMetadata;
import io.backupsidecar.domain.port.ArtifactStore;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract on Jimfs with the basic, owner, posix, unix and user views. Jimfs has no
 * FIFOs, its {@code unix} view is read-only (mode, uid and gid are derived: uid and gid are
 * synthetic per-filesystem numbers) and it cannot store setuid, setgid or sticky bits, so
 * those behaviours are undefined here and tested on the real filesystem only.
 */
class JimfsArtifactStoreTest extends ArtifactStoreContract {

  private FileSystem fs;

  @Override
  protected Path createRoot() throws IOException {
    fs = Fixtures.jimfsUnix();
    return Fixtures.jimfsRoot(fs);
  }

  @Override
  protected boolean userXattrsWork() {
    return true;
  }

  @AfterEach
  void closeFileSystem() throws IOException {
    fs.close();
  }

  @Test
  void apply_metadata_keeps_the_rwx_bits_and_drops_special_bits_jimfs_cannot_store()
      throws IOException {
    Path file = file("tool", "x".getBytes(UTF_8));

    store.applyMetadata(file, new FileMetadata(FileMode.regular(04755), null, null, null));

    assertEquals("rwxr-xr-x", permissionsOf(file));
    assertEquals(0755, (int) Files.getAttribute(file, "unix:mode", NOFOLLOW_LINKS));
  }

  @Test
  void apply_metadata_leaves_the_owner_when_the_unix_view_cannot_set_it() throws IOException {
    Path file = file("payload", "x".getBytes(UTF_8));
    Object owner = Files.getOwner(file);

    store.applyMetadata(file, new FileMetadata(FileMode.regular(0600), 4242, 4343, null));

    assertEquals(owner, Files.getOwner(file));
  }

  @Test
  void apply_metadata_without_a_unix_view_looks_owners_up_by_number() throws IOException {
    try (FileSystem posixOnly = Fixtures.jimfsWithViews("basic", "owner", "posix")) {
      Path file = Files.write(Fixtures.jimfsRoot(posixOnly).resolve("payload"), new byte[] {1});

      store.applyMetadata(file, new FileMetadata(FileMode.regular(0644), 1000, 100, null));

      assertEquals("1000", Files.getOwner(file).getName());
      assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
  }

  @Test
  void a_basic_only_backend_still_creates_copies_and_sets_mtime() throws IOException {
    try (FileSystem basicOnly = Fixtures.jimfsWithViews("basic")) {
      ArtifactStore basicStore = new NioArtifactStore();
      Path dir = Fixtures.jimfsRoot(basicOnly);
      Path source = Files.write(dir.resolve("source"), "abc".getBytes(UTF_8));
      Path copy = dir.resolve("copy");
      Instant mtime = Instant.parse("2001-02-03T04:05:06Z");

      basicStore.copyNew(
          source,
          (io.backupsidecar.domain.model.NodeState.RegularFile)
              new NioNodeInspector(java.util.OptionalInt.empty()).inspect(source),
          copy,
          hasher);
      basicStore.applyMetadata(copy, new FileMetadata(FileMode.regular(0755), 1, 1, mtime));
      basicStore.writeNew(dir.resolve("sidecar"), "{}".getBytes(UTF_8), 0644);

      assertArrayEquals("abc".getBytes(UTF_8), Files.readAllBytes(copy));
      assertEquals(mtime, Files.getLastModifiedTime(copy).toInstant());
      assertArrayEquals("{}".getBytes(UTF_8), Files.readAllBytes(dir.resolve("sidecar")));
    }
  }
}
