package io.backupsidecar.domain.fakes;

import io.backupsidecar.domain.model.ContentHash;
import io.backupsidecar.domain.model.FileMode;
import io.backupsidecar.domain.model.PriorKind;
import io.backupsidecar.domain.model.SchemaVersion;
import io.backupsidecar.domain.model.Sidecar;
import io.backupsidecar.domain.model.SidecarFormatException;
import io.backupsidecar.domain.model.Tag;
import io.backupsidecar.domain.port.SidecarCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A line-based {@code key=value} sidecar codec, so domain tests need no JSON library. A value's
 * backslashes and line breaks are escaped ({@code \\}, {@code \n}), so any string reads back.
 */
public final class TextSidecarCodec implements SidecarCodec {
  @Override
  public byte[] encode(Sidecar s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schema", s.schema().wireName());
    m.put("prior_kind", s.priorKind().wireName());
    if (s.prior() instanceof Sidecar.PriorSymlink l) {
      m.put("prior_dest", l.destination());
    }
    if (s.prior() instanceof Sidecar.PriorFile f) {
      m.put("mode", f.mode().toOctal());
      m.put("payload_hash", f.payloadHash());
      m.put("size", f.size());
      m.put("uid", f.uid());
      m.put("gid", f.gid());
      m.put("mtime", f.mtime());
      // names hold no line break or NUL; one per line would be overkill: a tab separates them
      m.put("xattrs", f.xattrs().isEmpty() ? null : String.join("\t", f.xattrs()));
      m.put("metadata_hash", f.metadataHash());
    }
    if (s.provenance() != null) {
      m.put("created_at", s.provenance().createdAt());
      m.put("tag", s.provenance().tag());
      m.put("target_name", s.provenance().targetName());
      m.put("tool", s.provenance().tool());
      m.put("origin", s.provenance().origin().wireName());
    }
    StringBuilder out = new StringBuilder();
    m.forEach(
        (k, v) -> {
          if (v != null) {
            out.append(k).append('=').append(escape(String.valueOf(v))).append('\n');
          }
        });
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Sidecar decode(byte[] bytes, String source) throws SidecarFormatException {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new SidecarFormatException(source + ": malformed line '" + line + "'");
      }
      m.put(line.substring(0, eq), unescape(line.substring(eq + 1), source));
    }
    try {
      SchemaVersion v =
          SchemaVersion.fromWireName(m.get("schema"))
              .orElseThrow(
                  () -> new SidecarFormatException(source + ": unknown schema " + m.get("schema")));
      PriorKind kind =
          PriorKind.fromWireName(m.get("prior_kind"))
              .orElseThrow(() -> new SidecarFormatException(source + ": unknown prior_kind"));
      Sidecar.Prior prior =
          switch (kind) {
            case FILE ->
                new Sidecar.PriorFile(
                    FileMode.parseOctal(m.get("mode")),
                    m.containsKey("payload_hash") ? new ContentHash(m.get("payload_hash")) : null,
                    m.containsKey("size") ? Long.valueOf(m.get("size")) : null,
                    m.containsKey("uid") ? Integer.valueOf(m.get("uid")) : null,
                    m.containsKey("gid") ? Integer.valueOf(m.get("gid")) : null,
                    m.containsKey("mtime") ? Instant.parse(m.get("mtime")) : null,
                    m.containsKey("xattrs") ? List.of(m.get("xattrs").split("\t")) : List.of(),
                    m.containsKey("metadata_hash")
                        ? new ContentHash(m.get("metadata_hash"))
                        : null);
            case SYMLINK -> new Sidecar.PriorSymlink(m.get("prior_dest"));
            case NONE -> new Sidecar.PriorNone();
          };
      Sidecar.Provenance provenance =
          v == SchemaVersion.V3
              ? new Sidecar.Provenance(
                  Instant.parse(m.get("created_at")),
                  new Tag(m.get("tag")),
                  m.get("target_name"),
                  m.get("tool"),
                  Sidecar.Origin.fromWireName(m.get("origin")).orElseThrow())
              : null;
      return new Sidecar(v, prior, provenance);
    } catch (RuntimeException e) {
      throw new SidecarFormatException(source + ": " + e.getMessage(), e);
    }
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\n", "\\n");
  }

  private static String unescape(String value, String source) throws SidecarFormatException {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\\') {
        out.append(c);
      } else if (i + 1 < value.length() && value.charAt(i + 1) == 'n') {
        out.append('\n');
        i++;
      } else if (i + 1 < value.length() && value.charAt(i + 1) == '\\') {
        out.append('\\');
        i++;
      } else {
        throw new SidecarFormatException(source + ": malformed escape in '" + value + "'");
      }
    }
    return out.toString();
  }
}
