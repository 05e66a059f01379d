package io.backupsidecar.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The list output written at once, byte for byte as it was written a line at a time. */
class TableAndTimeTest {
  @Test
  void pads_each_column_to_its_widest_cell_and_strips_what_trails() {
    Table table = new Table("A", "LONGER", "LAST");
    table.row("wide cell", "", "x");
    table.row("", "", "");
    table.row("tab\tin", "é", "ends with spaces  ");
    StringWriter text = new StringWriter();
    table.print(new PrintWriter(text));
    String n = System.lineSeparator();
    assertEquals(
        "A          LONGER  LAST"
            + n
            + "wide cell          x"
            + n
            + ""
            + n
            + "tab\\x09in  é       ends with spaces"
            + n,
        text.toString());
    assertEquals(lineByLine(table), text.toString());
  }

  @Test
  void printable_escapes_control_characters_and_copies_nothing_else() {
    String plain = ".t.backup.1.bak";
    assertSame(plain, Table.printable(plain));
    assertEquals("a\\x0ab\\x7f\\x1b", Table.printable("a\nb\u007f\u001b"));
  }

  @Test
  void time_is_what_instant_writes() {
    Random random = new Random(15);
    long[] edges = {
      0,
      1,
      999,
      1000,
      86_399_999,
      86_400_000,
      951_782_400_000L,
      1_796_179_883_502L,
      1_796_179_883_000L,
      253_402_300_799_999L,
      253_402_300_800_000L,
      Long.MAX_VALUE,
      -1
    };
    for (long stamp : edges) {
      assertEquals(Instant.ofEpochMilli(stamp).toString(), ListRow.time(stamp), "" + stamp);
    }
    for (int i = 0; i < 100_000; i++) {
      long stamp = random.nextLong(253_402_300_800_000L);
      stamp = i % 3 == 0 ? stamp - stamp % 1000 : stamp;
      assertEquals(Instant.ofEpochMilli(stamp).toString(), ListRow.time(stamp), "" + stamp);
    }
  }

  /** The table as it was printed before: a format per cell, a println per line. */
  private static String lineByLine(Table table) {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    java.util.List<String[]> rows = table.rows();
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(i == columns - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
    return text.toString();
  }
}
