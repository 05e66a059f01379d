package io.backupsidecar.app.cli;

import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Sidecar;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/** {@code backup cat}: a snapshot's payload bytes, verified, to stdout. */
@Command(
    name = "cat",
    mixinStandardHelpOptions = true,
    description =
        "Write the bytes of the snapshot 'restore' would take (or the one --previous, "
            + "--at or --before names) to stdout, after checking them against the sidecar's hash. "
            + "A payload that does not match is refused (exit 70) unless --no-require-integrity.")
final class CatCommand extends PayloadCommand {
  @Override
  int run(Cli cli) throws Exception {
    Preamble preamble = choose(cli);
    Path target = preamble.target();
    Payloads.Chosen chosen = preamble.chosen();
    if (!(chosen.sidecar().prior() instanceof Sidecar.PriorFile)) {
      throw new BackupException(
          ErrorId.E_USAGE,
          target,
          String.format(
              "snapshot %s of %s records %s, not a file: there are no bytes to print; 'backup show "
                  + "--at %d %s' prints its sidecar",
              chosen.entry().stamp(),
              target,
              chosen.sidecar().prior() instanceof Sidecar.PriorSymlink l
                  ? "a symlink to " + l.destination()
                  : "that it did not exist",
              chosen.entry().stamp(),
              target));
    }
    OutputStream out = cli.stdout();
    try (SeekableByteChannel channel = Payloads.open(chosen)) {
      boolean verified = Payloads.verify(chosen, channel, integrity.relaxed, relaxOption());
      // read again to print: the bytes go out as they are read, so a payload changed between
      // the two reads is caught by the second hash (reported after the bytes)
      ContentHash printed = Payloads.copy(channel, out);
      out.flush();
      Sidecar.PriorFile prior = (Sidecar.PriorFile) chosen.sidecar().prior();
      if (verified && !printed.equals(prior.payloadHash())) {
        throw new BackupException(
            ErrorId.E_RESTORE_FAILED,
            chosen.entry().payload(),
            String.format(
                "payload %s changed while it was printed: the output does not match "
                    + "its recorded hash; discard it",
                chosen.entry().payload()));
      }
    } catch (IOException e) {
      throw new BackupException(
          ErrorId.E_GENERIC,
          target,
          Errors.inWords(String.format("cannot print the payload of %s: %s", target, e)),
          e);
    }
    return 0;
  }
}
