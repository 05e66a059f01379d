package io.backupsidecar.adapter.fs;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.backupsidecar.domain.model.ContentHash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Shared fixtures of the filesystem contract tests: backends, files, reference hashes. */
public final class Fixtures {

  /** SHA-256 of "abc" (FIPS 180-2, appendix B.1). */
  public static final String SHA256_ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  /** SHA-256 of no bytes. */
  public static final String SHA256_EMPTY =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private Fixtures() {}

  /** A Jimfs with every view a Unix backend has in Jimfs: basic, owner, posix, unix, user. */
  public static FileSystem jimfsUnix() {
    return Jimfs.newFileSystem(
        Configuration.unix().toBuilder()
            .setAttributeViews("basic", "owner", "posix", "unix", "user")
            .build());
  }

  /** A Jimfs with the given attribute views only ("basic" is always there). */
  public static FileSystem jimfsWithViews(String first, String... more) {
    return Jimfs.newFileSystem(
        Configuration.unix().toBuilder().setAttributeViews(first, more).build());
  }

  /** A fresh directory in a Jimfs. */
  public static Path jimfsRoot(FileSystem fs) throws IOException {
    return Files.createDirectories(fs.getPath("/work/root"));
  }

  /** Deterministic pseudo-random bytes. */
  public static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** SHA-256 of the bytes, computed independently of the adapter. */
  public static ContentHash sha256(byte[] bytes) {
    try {
      return ContentHash.of(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Whether user xattrs can be written on the filesystem of {@code dir}. */
  public static boolean userXattrsWork(Path dir) throws IOException {
    Path probe = Files.createTempFile(dir, "xattr-probe", "");
    try {
      UserDefinedFileAttributeView view =
          Files.getFileAttributeView(probe, UserDefinedFileAttributeView.class, NOFOLLOW_LINKS);
      if (view == null) {
        return false;
      }
      view.write("probe", ByteBuffer.wrap(new byte[] {1}));
      return true;
    } catch (FileSystemException | UnsupportedOperationException e) {
      return false;
    } finally {
      Files.delete(probe);
    }
  }

  /**
   * Whether this process runs as root: its effective uid (the second field of the {@code Uid:} line
   * of {@code /proc/self/status}) is 0.
   */
  public static boolean isRoot() {
    try {
      for (String line :
          Files.readAllLines(FileSystems.getDefault().getPath("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.substring(4).trim().split("\\s+")[1].equals("0");
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** Creates a FIFO with mkfifo(1): the JDK has no API for it. */
  public static Path mkfifo(Path path) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("mkfifo " + path + " failed");
    }
    return path;
  }
}
