import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Bench peer (c): the "switchyard" two-pass way to take a hashed, durable copy. Copy with
 * attributes, re-read the copy to hash it, then fsync the copy and its directory.
 *
 * <p>Usage: {@code java TwoPass SOURCE DESTINATION}; prints the hex SHA-256.
 */
public final class TwoPass {
  private TwoPass() {}

  public static void main(String[] args) throws Exception {
    Path source = Path.of(args[0]);
    Path destination = Path.of(args[1]);
    Files.copy(source, destination, StandardCopyOption.COPY_ATTRIBUTES);
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(destination)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    force(destination);
    force(destination.toAbsolutePath().getParent());
    System.out.println(HexFormat.of().formatHex(digest.digest()));
  }

  private static void force(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
