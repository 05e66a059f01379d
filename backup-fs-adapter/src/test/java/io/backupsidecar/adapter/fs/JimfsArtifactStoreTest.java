package io.backupsidecar.adapter.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Feature;
import com.google.common.jimfs.Jimfs;
import io.backupsidecar.domain.contract.ArtifactStoreContract;
import io.backupsidecar.domain.contract.NodeFixture;
import io.backupsidecar.domain.model.FileMode;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.NodeState.FileMetadata;
import io.backupsidecar.domain.port.ArtifactDirectory;
import io.backupsidecar.domain.port.ArtifactDirectory.StageOptions;
import io.backupsidecar.domain.port.ArtifactStore;
import io.backupsidecar.domain.port.StagedFile;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract on Jimfs with the basic, owner, posix, unix and user views. Jimfs has no
 * FIFOs, its {@code unix} view is read-only (mode, uid and gid are derived: uid and gid are
 * synthetic per-filesystem numbers) and it cannot store setuid, setgid or sticky bits, so those
 * behaviours are undefined here and tested on the real filesystem only.
 */
class JimfsArtifactStoreTest extends ArtifactStoreContract {

  private FileSystem fs;

  @Override
  protected NodeFixture createFixture() throws IOException {
    fs = Fixtures.jimfsUnix();
    return NioNodes.jimfs(Fixtures.jimfsRoot(fs));
  }

  @Override
  protected ArtifactStore createStore() {
    return new NioArtifactStore();
  }

  @AfterEach
  void closeFileSystem() throws IOException {
    fs.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  void complete_keeps_the_rwx_bits_and_drops_special_bits_jimfs_cannot_store() throws IOException {
    nodes.file("tool", bytes("x"), 0644);

    try (StagedFile staged = stageCopy("tool", "copy")) {
      staged.complete(metadata(04755, null));
      staged.link("copy");
    }

    assertEquals(0755, nodes.mode("copy"));
  }

  @Test
  void complete_leaves_the_owner_when_the_unix_view_cannot_set_it() throws IOException {
    nodes.file("payload", bytes("x"), 0644);
    Integer owner = nodes.uid("payload");

    try (StagedFile staged = stageCopy("payload", "copy")) {
      staged.complete(new FileMetadata(FileMode.regular(0600), 4242, 4343, null));
      staged.link("copy");
    }

    assertEquals(owner, nodes.uid("copy"));
  }

  @Test
  void without_a_unix_view_owners_are_looked_up_by_number() throws IOException {
    try (FileSystem posixOnly = Fixtures.jimfsWithViews("basic", "owner", "posix")) {
      Path root = Fixtures.jimfsRoot(posixOnly);
      Files.write(root.resolve("source"), new byte[] {1});

      try (ArtifactDirectory d = store.open(root);
          StagedFile staged =
              d.stageCopy(
                  "source",
                  (NodeState.RegularFile) d.inspect("source"),
                  hasher,
                  StageOptions.named("copy"))) {
        staged.complete(new FileMetadata(FileMode.regular(0644), 1000, 100, null));
        staged.link("copy");
      }

      assertEquals("1000", Files.getOwner(root.resolve("copy")).getName());
      assertEquals(
          "rw-r--r--",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("copy"))));
    }
  }

  @Test
  void a_basic_only_backend_still_stages_copies_and_sets_mtime() throws IOException {
    try (FileSystem basicOnly = Fixtures.jimfsWithViews("basic")) {
      Path root = Fixtures.jimfsRoot(basicOnly);
      Files.write(root.resolve("source"), bytes("abc"));
      Instant mtime = Instant.parse("2001-02-03T04:05:06Z");

      try (ArtifactDirectory d = store.open(root)) {
        try (StagedFile staged =
            d.stageCopy(
                "source",
                (NodeState.RegularFile) d.inspect("source"),
                hasher,
                StageOptions.named("copy"))) {
          staged.complete(new FileMetadata(FileMode.regular(0755), 1, 1, mtime));
          staged.link("copy");
        }
        try (StagedFile sidecar = d.stageBytes(bytes("{}"), 0644, StageOptions.named("s.tmp"))) {
          sidecar.link("sidecar");
        }
      }

      assertArrayEquals(bytes("abc"), Files.readAllBytes(root.resolve("copy")));
      assertEquals(mtime, Files.getLastModifiedTime(root.resolve("copy")).toInstant());
      assertArrayEquals(bytes("{}"), Files.readAllBytes(root.resolve("sidecar")));
    }
  }

  @Test
  void without_hard_links_link_renames_and_still_refuses_a_taken_name() throws IOException {
    Configuration noLinks =
        Configuration.unix().toBuilder()
            .setAttributeViews("basic", "owner", "posix", "unix")
            .setSupportedFeatures(
                Feature.SYMBOLIC_LINKS, Feature.SECURE_DIRECTORY_STREAM, Feature.FILE_CHANNEL)
            .build();
    try (FileSystem jimfs = Jimfs.newFileSystem(noLinks)) {
      Path root = Fixtures.jimfsRoot(jimfs);
      Files.write(root.resolve("taken"), bytes("old"));

      try (ArtifactDirectory d = store.open(root);
          StagedFile staged = d.stageBytes(bytes("new"), 0644, StageOptions.named("tmp"))) {
        assertThrows(FileAlreadyExistsException.class, () -> staged.link("taken"));
        staged.link("free");
        assertEquals(Set.of("taken", "free"), Set.copyOf(d.list()));
      }

      assertArrayEquals(bytes("old"), Files.readAllBytes(root.resolve("taken")));
      assertArrayEquals(bytes("new"), Files.readAllBytes(root.resolve("free")));
    }
  }

  @Test
  void without_a_secure_directory_stream_the_store_acts_by_path() throws IOException {
    Configuration noSecureStream =
        Configuration.unix().toBuilder()
            .setAttributeViews("basic", "owner", "posix", "unix")
            .setSupportedFeatures(Feature.LINKS, Feature.SYMBOLIC_LINKS, Feature.FILE_CHANNEL)
            .build();
    try (FileSystem jimfs = Jimfs.newFileSystem(noSecureStream)) {
      Path root = Fixtures.jimfsRoot(jimfs);
      Files.write(root.resolve("source"), bytes("abc"));

      try (ArtifactDirectory d = store.open(root)) {
        try (StagedFile staged =
            d.stageCopy(
                "source",
                (NodeState.RegularFile) d.inspect("source"),
                hasher,
                StageOptions.named("c.tmp"))) {
          staged.link("copy");
        }
        d.rename("copy", "renamed");
        assertEquals(-1L, d.mismatch("source", "renamed"));
        d.delete("source");
        assertEquals(List.of("renamed"), d.list());
      }

      assertArrayEquals(bytes("abc"), Files.readAllBytes(root.resolve("renamed")));
      assertFalse(Files.exists(root.resolve("c.tmp"), NOFOLLOW_LINKS));
    }
  }
}
