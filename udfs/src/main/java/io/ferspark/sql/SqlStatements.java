package io.ferspark.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at the semicolons that end them: semicolons inside quotes
 * ('...', "...", `...`, with backslash escapes), {@code --} line comments and block comments do not
 * count. Statements holding nothing but comments and blanks are dropped.
 */
public final class SqlStatements {

  private SqlStatements() {}

  public static List<String> split(String sql) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean hasCode = false;
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char ch = sql.charAt(i);
      char next = i + 1 < n ? sql.charAt(i + 1) : '\0';
      if (ch == '-' && next == '-') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        current.append(sql, i, end);
        i = end;
      } else if (ch == '/' && next == '*') {
        int end = sql.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        current.append(sql, i, end);
        i = end;
      } else if (ch == '\'' || ch == '"' || ch == '`') {
        int end = closingQuote(sql, i);
        current.append(sql, i, end);
        hasCode = true;
        i = end;
      } else if (ch == ';') {
        add(statements, current, hasCode);
        current.setLength(0);
        hasCode = false;
        i++;
      } else {
        current.append(ch);
        hasCode |= !Character.isWhitespace(ch);
        i++;
      }
    }
    add(statements, current, hasCode);
    return statements;
  }

  /** The index just past the quote that closes the one at {@code start} (or the end of the text). */
  private static int closingQuote(String sql, int start) {
    char quote = sql.charAt(start);
    int i = start + 1;
    while (i < sql.length()) {
      char ch = sql.charAt(i);
      if (ch == '\\' && quote != '`') {
        i += 2;
      } else if (ch == quote) {
        return i + 1;
      } else {
        i++;
      }
    }
    return sql.length();
  }

  private static void add(List<String> statements, StringBuilder current, boolean hasCode) {
    if (hasCode) {
      statements.add(current.toString().strip());
    }
  }
}
