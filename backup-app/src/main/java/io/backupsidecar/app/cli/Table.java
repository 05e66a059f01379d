package io.backupsidecar.app.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain left-aligned text table for human output: each column as wide as its widest cell (in
 * chars) plus two spaces, the last column unpadded, trailing whitespace stripped. The whole table
 * is written at once: a list of 10,000 snapshots is 10,000 lines, and a line at a time (the writer
 * flushes on each {@code println}) was a {@code write} call each.
 */
final class Table {
  private final List<String[]> rows = new ArrayList<>();

  Table(String... header) {
    rows.add(header);
  }

  Table row(Object... cells) {
    String[] r = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      r[i] = printable(String.valueOf(cells[i]));
    }
    rows.add(r);
    return this;
  }

  /** The header and the rows, as they will be printed (for tests). */
  List<String[]> rows() {
    return List.copyOf(rows);
  }

  void print(PrintWriter out) {
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) {
      widen(width, r);
    }
    int chars = 0;
    for (int w : width) {
      chars += w + 2;
    }
    String newline = System.lineSeparator();
    StringBuilder text = new StringBuilder(rows.size() * (chars + newline.length()));
    for (String[] r : rows) {
      line(text, r, width).append(newline);
    }
    out.print(text);
    out.flush();
  }

  // A row a call: a method called once per row is compiled; the loops of print run once.

  private static void widen(int[] width, String[] row) {
    for (int i = 0; i < width.length; i++) {
      width[i] = Math.max(width[i], row[i].length());
    }
  }

  private static StringBuilder line(StringBuilder text, String[] row, int[] width) {
    int lineStart = text.length();
    for (int i = 0; i < width.length; i++) {
      text.append(row[i]);
      for (int pad = i < width.length - 1 ? width[i] - row[i].length() + 2 : 0; pad > 0; pad--) {
        text.append(' ');
      }
    }
    stripTrailing(text, lineStart);
    return text;
  }

  /**
   * As {@link String#stripTrailing()} on the line from {@code lineStart} (no whitespace character
   * is a surrogate pair, so char by char is code point by code point).
   */
  private static void stripTrailing(StringBuilder text, int lineStart) {
    int end = text.length();
    while (end > lineStart && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    text.setLength(end);
  }

  /** Names may hold newlines or control characters: show them escaped, never raw. */
  static String printable(String s) {
    int i = 0;
    while (i < s.length() && !isControl(s.charAt(i))) {
      i++;
    }
    if (i == s.length()) {
      return s; // the usual case: nothing to escape, nothing to copy
    }
    StringBuilder b = new StringBuilder(s.length() + 8).append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isControl(c)) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isControl(char c) {
    return c < 0x20 || c == 0x7f;
  }
}
