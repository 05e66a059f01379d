package io.backupsidecar.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupsidecar.app.Backup;
import io.backupsidecar.domain.model.BackupException;
import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.ErrorId;
import io.backupsidecar.domain.model.Sidecar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code backup diff}: what changed between a snapshot and the target as it is now. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Compare the snapshot 'restore' would take (or the one --previous, --at or "
          + "--before names) with PATH as it is now: kind, link destination, mode, owner, mtime, "
          + "user xattrs, and the content: a unified diff for text (snapshot ---, now +++), a "
          + "summary for binary files. The payload is checked against its hash first.",
      "Exit: 0 same, 1 different (like diff); other codes are errors (see --help of backup)."
    })
final class DiffCommand extends PayloadCommand {
  /** Texts larger than this are summarised like binary files. */
  static final long MAX_TEXT_BYTES = 8L << 20;

  static final int DIFFERENT = 1;

  @Mixin Mixins.JsonFlag json;

  /** One difference: which property, its value in the snapshot, and now (null: none). */
  record Difference(String field, String snapshot, String current) {}

  @Override
  int run(Cli cli) throws Exception {
    Preamble preamble = choose(cli);
    Path target = preamble.target();
    Payloads.Chosen chosen = preamble.chosen();
    Sidecar.Prior prior = chosen.sidecar().prior();
    DiffMetadata.Current now = DiffMetadata.Current.of(target);
    List<Difference> differences = new ArrayList<>();
    List<String> unified = List.of();
    String kindThen = prior.kind().wireName();
    if (!kindThen.equals(now.kind())) {
      differences.add(new Difference("kind", kindThen, now.kind()));
    }
    if (prior instanceof Sidecar.PriorSymlink l
        && now.linkDestination() != null
        && !l.destination().equals(now.linkDestination())) {
      differences.add(new Difference("link_destination", l.destination(), now.linkDestination()));
    }
    if (prior instanceof Sidecar.PriorFile f) {
      Content then = payloadContent(chosen, target);
      if (now.kind().equals("file")) {
        DiffMetadata.compareMetadata(f, now, differences);
        DiffMetadata.compareXattrs(chosen.entry().payload(), target, differences);
        Content current = targetContent(chosen.backup(), target);
        if (!then.sameAs(current)) {
          String a = then.text();
          String b = current.text();
          String name = String.valueOf(target.getFileName());
          List<String> hunks =
              a == null || b == null
                  ? null
                  : UnifiedDiff.of(
                      lines(a),
                      lines(b),
                      name + " (snapshot " + chosen.entry().stamp() + ")",
                      name + " (now)");
          if (hunks == null) {
            differences.add(new Difference("content", then.summary(), current.summary()));
          } else {
            differences.add(
                new Difference("content", then.size() + " bytes", current.size() + " bytes"));
            unified = hunks;
          }
        }
      }
    }
    print(cli, target, chosen, differences, unified);
    return differences.isEmpty() ? 0 : DIFFERENT;
  }

  private void print(
      Cli cli,
      Path target,
      Payloads.Chosen chosen,
      List<Difference> differences,
      List<String> unified) {
    PrintWriter out = common.human(cli);
    if (json.json) {
      ObjectNode doc =
          Json.command("diff")
              .put("target", target.toString())
              .put("backup", chosen.entry().payload().getFileName().toString())
              .put("stamp", chosen.entry().stamp())
              .put("same", differences.isEmpty());
      ArrayNode array = doc.putArray("differences");
      for (Difference d : differences) {
        ObjectNode o = array.addObject().put("field", d.field());
        o.put("snapshot", d.snapshot());
        o.put("current", d.current());
      }
      if (!unified.isEmpty()) {
        doc.put("diff", String.join("\n", unified) + "\n");
      }
      Json.print(out, doc);
      return;
    }
    if (differences.isEmpty()) {
      out.printf(
          "%s is the state of snapshot %d (%s): no difference%n",
          Table.printable(target.toString()),
          chosen.entry().stamp(),
          Instant.ofEpochMilli(chosen.entry().stamp()));
      out.flush();
      return;
    }
    out.printf(
        "%s: snapshot %d (%s) -> now%n",
        Table.printable(target.toString()),
        chosen.entry().stamp(),
        Instant.ofEpochMilli(chosen.entry().stamp()));
    for (Difference d : differences) {
      if (d.field().equals("content") && !unified.isEmpty()) {
        continue;
      }
      out.printf(
          "%s: %s -> %s%n",
          d.field(),
          Table.printable(String.valueOf(d.snapshot())),
          Table.printable(String.valueOf(d.current())));
    }
    // the diff's own lines are the file's text: printed as they are, as diff -u does
    unified.forEach(out::println);
    out.flush();
  }

  private Content payloadContent(Payloads.Chosen chosen, Path target) throws BackupException {
    Payloads.expectedHash(chosen, integrity.relaxed, relaxOption());
    try (SeekableByteChannel channel = Payloads.open(chosen)) {
      // one pass: the bytes are hashed as they are read, then judged before they are used
      Content content = Content.read(channel);
      Payloads.judge(chosen, new ContentHash(content.sha256()), integrity.relaxed, relaxOption());
      return content;
    } catch (IOException e) {
      throw new BackupException(
          ErrorId.E_GENERIC,
          target,
          Errors.inWords(String.format("cannot read the payload of %s: %s", target, e)),
          e);
    }
  }

  /** The target's content, read through the store (a FIFO swapped in is refused, not read). */
  private static Content targetContent(Backup backup, Path target) throws BackupException {
    try (SeekableByteChannel channel = backup.openRead(target)) {
      return Content.read(channel);
    } catch (IOException e) {
      throw new BackupException(
          ErrorId.E_GENERIC,
          target,
          Errors.inWords(String.format("cannot read %s: %s", target, e)),
          e);
    }
  }

  /**
   * A file's content for the comparison: its size and SHA-256, and its bytes only when they are
   * small enough to be shown as text ({@link #MAX_TEXT_BYTES}): the memory a diff takes does not
   * grow with the file.
   */
  record Content(byte[] bytes, long size, String sha256) {
    static Content read(ReadableByteChannel in) throws IOException {
      java.security.MessageDigest digest = Payloads.sha256();
      ByteArrayOutputStream kept = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
      long size = 0;
      int n;
      while ((n = in.read(buffer)) >= 0) {
        digest.update(buffer.array(), 0, n);
        size += n;
        if (kept != null && size <= MAX_TEXT_BYTES) {
          kept.write(buffer.array(), 0, n);
        } else {
          kept = null;
        }
        buffer.clear();
      }
      return new Content(
          kept == null ? null : kept.toByteArray(),
          size,
          java.util.HexFormat.of().formatHex(digest.digest()));
    }

    boolean sameAs(Content other) {
      return size == other.size && sha256.equals(other.sha256);
    }

    /** The content as text, or null when it is binary or too large to show. */
    String text() {
      return bytes == null ? null : DiffCommand.text(bytes);
    }

    String summary() {
      return String.format("%d bytes, sha256 %s", size, sha256);
    }
  }

  /** The bytes as UTF-8 text, or null when they are binary (NUL, invalid UTF-8) or large. */
  static String text(byte[] bytes) {
    if (bytes.length > MAX_TEXT_BYTES) {
      return null;
    }
    for (byte b : bytes) {
      if (b == 0) {
        return null;
      }
    }
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes));
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }
}
