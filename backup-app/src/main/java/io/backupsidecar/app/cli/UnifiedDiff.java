package io.backupsidecar.app.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts by lines ({@code diff -u}'s format), from the shortest edit script of
 * Myers' O(ND) algorithm. Texts whose edit distance exceeds {@link #MAX_EDITS} are reported as too
 * different instead (the trace grows with the square of the distance).
 */
final class UnifiedDiff {
  /** Beyond this many inserted plus deleted lines, no hunk is computed. */
  static final int MAX_EDITS = 4000;

  private static final int CONTEXT = 3;

  private UnifiedDiff() {}

  /** An edit: keep, delete (from a) or insert (from b), with its line. */
  private record Edit(char op, String line, int aIndex, int bIndex) {}

  /**
   * The unified diff of {@code a} against {@code b}, headed by the two labels; empty when the lines
   * are equal; {@code null} when they differ in more than {@link #MAX_EDITS} lines.
   */
  static List<String> of(List<String> a, List<String> b, String labelA, String labelB) {
    List<Edit> edits = editScript(a, b);
    if (edits == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < edits.size()) {
      // find the next change, and the hunk around it: changes closer than 2 * CONTEXT join
      while (i < edits.size() && edits.get(i).op() == ' ') {
        i++;
      }
      if (i == edits.size()) {
        break;
      }
      int start = Math.max(0, i - CONTEXT);
      int end = i;
      int lastChange = i;
      while (end < edits.size()) {
        if (edits.get(end).op() != ' ') {
          lastChange = end;
        } else if (end - lastChange > 2 * CONTEXT) {
          break;
        }
        end++;
      }
      end = Math.min(edits.size(), lastChange + CONTEXT + 1);
      if (out.isEmpty()) {
        out.add("--- " + labelA);
        out.add("+++ " + labelB);
      }
      out.add(header(edits, start, end));
      for (int k = start; k < end; k++) {
        out.add(edits.get(k).op() + edits.get(k).line());
      }
      i = end;
    }
    return out;
  }

  private static String header(List<Edit> edits, int start, int end) {
    int aStart = -1;
    int bStart = -1;
    int aCount = 0;
    int bCount = 0;
    for (int k = start; k < end; k++) {
      Edit e = edits.get(k);
      if (e.op() != '+') {
        aCount++;
        if (aStart < 0) {
          aStart = e.aIndex();
        }
      }
      if (e.op() != '-') {
        bCount++;
        if (bStart < 0) {
          bStart = e.bIndex();
        }
      }
    }
    // diff numbers lines from 1; an empty range is given as the line before it
    if (aStart < 0) {
      aStart = edits.get(start).aIndex();
    }
    if (bStart < 0) {
      bStart = edits.get(start).bIndex();
    }
    return String.format("@@ -%s +%s @@", range(aStart, aCount), range(bStart, bCount));
  }

  private static String range(int start, int count) {
    int first = count == 0 ? start : start + 1;
    return count == 1 ? Integer.toString(first) : first + "," + count;
  }

  /** Myers' greedy forward search, keeping each round's frontier to walk back the path. */
  private static List<Edit> editScript(List<String> a, List<String> b) {
    int n = a.size();
    int m = b.size();
    int max = Math.min(n + m, MAX_EDITS);
    int offset = max + 1;
    int[] v = new int[2 * max + 3];
    List<int[]> trace = new ArrayList<>();
    for (int d = 0; d <= max; d++) {
      trace.add(v.clone());
      for (int k = -d; k <= d; k += 2) {
        int x =
            k == -d || k != d && v[offset + k - 1] < v[offset + k + 1]
                ? v[offset + k + 1]
                : v[offset + k - 1] + 1;
        int y = x - k;
        while (x < n && y < m && a.get(x).equals(b.get(y))) {
          x++;
          y++;
        }
        v[offset + k] = x;
        if (x >= n && y >= m) {
          return backtrack(a, b, trace, offset, d);
        }
      }
    }
    return null;
  }

  private static List<Edit> backtrack(
      List<String> a, List<String> b, List<int[]> trace, int offset, int depth) {
    List<Edit> reversed = new ArrayList<>();
    int x = a.size();
    int y = b.size();
    for (int d = depth; d > 0; d--) {
      int[] v = trace.get(d);
      int k = x - y;
      int prevK = k == -d || k != d && v[offset + k - 1] < v[offset + k + 1] ? k + 1 : k - 1;
      int prevX = v[offset + prevK];
      int prevY = prevX - prevK;
      while (x > prevX && y > prevY) {
        x--;
        y--;
        reversed.add(new Edit(' ', a.get(x), x, y));
      }
      if (x == prevX) {
        y--;
        reversed.add(new Edit('+', b.get(y), x, y));
      } else {
        x--;
        reversed.add(new Edit('-', a.get(x), x, y));
      }
    }
    while (x > 0 && y > 0) {
      x--;
      y--;
      reversed.add(new Edit(' ', a.get(x), x, y));
    }
    List<Edit> edits = new ArrayList<>(reversed.size());
    for (int i = reversed.size() - 1; i >= 0; i--) {
      edits.add(reversed.get(i));
    }
    return edits;
  }
}
