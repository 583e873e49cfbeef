package io.ferspark.sql;

import java.util.ArrayList;
import java.util.List;

/** Query results as text: an aligned table for people, RFC 4180 CSV lines for scripts. */
public final class ResultText {

  /** Longer cell values are cut (with "...") in tables; CSV keeps them whole. */
  public static final int MAX_CELL_WIDTH = 120;

  private ResultText() {}

  /** A table with a header, a rule and left-aligned cells: {@code | a | b |}. */
  public static String table(List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    List<List<String>> cells = new ArrayList<>();
    cells.add(header);
    for (List<String> row : rows) {
      List<String> cut = new ArrayList<>(row.size());
      for (String value : row) {
        cut.add(value.length() > MAX_CELL_WIDTH ? value.substring(0, MAX_CELL_WIDTH - 3) + "..." : value);
      }
      cells.add(cut);
    }
    for (List<String> row : cells) {
      for (int c = 0; c < widths.length; c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder rule = new StringBuilder("+");
    for (int w : widths) {
      rule.append("-".repeat(w + 2)).append('+');
    }
    StringBuilder out = new StringBuilder().append(rule).append('\n');
    for (int r = 0; r < cells.size(); r++) {
      out.append('|');
      for (int c = 0; c < widths.length; c++) {
        String value = cells.get(r).get(c);
        out.append(' ').append(value).append(" ".repeat(widths[c] - value.length())).append(" |");
      }
      out.append('\n');
      if (r == 0) {
        out.append(rule).append('\n');
      }
    }
    return out.append(rule).append('\n').toString();
  }

  /** One CSV line: fields with a comma, quote or line break are quoted, quotes doubled. */
  public static String csvLine(List<String> fields) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      String value = fields.get(i) == null ? "" : fields.get(i);
      if (i > 0) {
        out.append(',');
      }
      if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
        out.append('"').append(value.replace("\"", "\"\"")).append('"');
      } else {
        out.append(value);
      }
    }
    return out.toString();
  }
}
