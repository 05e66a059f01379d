package io.backupsidecar.adapter.fs;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.model.NodeState.Unsupported.Kind;
import io.backupsidecar.domain.port.NodeInspector;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;

/**
 * The {@link NodeInspector} on {@code java.nio.file}: one {@code lstat} through the best attribute
 * view the path's filesystem has ({@code unix}, else {@code posix}, else {@code basic}).
 *
 * <p>On a backend with only the {@code basic} view the mode is reported as {@code 100644} and owner
 * and group as unknown. User extended attribute names are listed only for regular files, because
 * the JDK lists them through a descriptor it opens ({@code O_RDONLY|O_NOFOLLOW}); a node swapped
 * for a FIFO between the {@code lstat} and that listing could therefore still be opened, a race
 * this adapter cannot close with {@code java.nio.file} alone.
 */
public final class NioNodeInspector implements NodeInspector {

  @Override
  public NodeState inspect(Path path) throws IOException {
    Lstat stat = Lstat.readOrNull(path);
    if (stat == null) {
      return new NodeState.Absent();
    }
    switch (stat.kind()) {
      case REGULAR:
        return stat.toRegularFile(userXattrNames(path));
      case SYMLINK:
        // Path.toString of a link read back is its raw bytes decoded, not normalized.
        return new NodeState.Symlink(Files.readSymbolicLink(path).toString());
      case DIRECTORY:
        return new NodeState.Unsupported(Kind.DIRECTORY);
      case FIFO:
        return new NodeState.Unsupported(Kind.FIFO);
      case SOCKET:
        return new NodeState.Unsupported(Kind.SOCKET);
      case DEVICE:
        return new NodeState.Unsupported(Kind.DEVICE);
      default:
        return new NodeState.Unsupported(Kind.OTHER);
    }
  }

  /** User xattr names of a regular file; empty where the backend or the filesystem has none. */
  static List<String> userXattrNames(Path file) throws IOException {
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, NOFOLLOW_LINKS);
    if (view == null) {
      return List.of();
    }
    try {
      return List.copyOf(view.list());
    } catch (UnsupportedOperationException e) {
      return List.of();
    } catch (AccessDeniedException e) {
      // Listing needs a read descriptor; a file we may stat but not read has unknown names,
      // which the model spells as an empty list (a copy of it would fail on its own anyway).
      return List.of();
    } catch (FileSystemException e) {
      if (Xattrs.isUnsupported(e)) {
        return List.of();
      }
      throw e;
    }
  }
}
