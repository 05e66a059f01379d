package io.backupsidecar.adapter.fs.posix;

import io.backupsidecar.adapter.fs.Sha256Hasher;
import io.backupsidecar.domain.model.NodeState;
import io.backupsidecar.domain.port.ArtifactDirectory.StageOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * Run in a child JVM as an unprivileged user by {@link MetadataFidelityTest}: copies {@code
 * args[1]} of directory {@code args[0]} to {@code args[2]} with its metadata and prints what {@code
 * complete} could not apply.
 */
final class NonRootCopy {

  private NonRootCopy() {}

  public static void main(String[] args) throws Exception {
    try (PosixArtifactDirectory dir = new PosixArtifactStore().open(Path.of(args[0]))) {
      NodeState.RegularFile state = (NodeState.RegularFile) dir.inspect(args[1]);
      try (PosixStagedFile staged =
          dir.stageCopy(args[1], state, new Sha256Hasher(), StageOptions.named(args[2]))) {
        List<String> refused = staged.complete(state.metadata());
        staged.link(args[2]);
        System.out.println("copied=" + staged.copied().xattrs().names() + " refused=" + refused);
      }
    }
  }
}
