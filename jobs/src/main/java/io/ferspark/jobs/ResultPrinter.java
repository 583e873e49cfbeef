package io.ferspark.jobs;

import io.ferspark.sql.ResultText;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/** Prints a query result as a table (people), CSV with a header or JSON Lines (scripts); returns how many rows it had. */
final class ResultPrinter {

  enum Format { TABLE, CSV, JSON }

  private final Format format;
  private final int maxRows;
  private final PrintStream out;

  ResultPrinter(Format format, int maxRows, PrintStream out) {
    this.format = format;
    this.maxRows = maxRows;
    this.out = out;
  }

  static Format parseFormat(String value) {
    return Arrays.stream(Format.values()).filter(f -> f.name().equalsIgnoreCase(value.trim())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Cannot set --format to " + value + ": use table, csv or json"));
  }

  boolean isTable() {
    return format == Format.TABLE;
  }

  long print(Dataset<Row> result) {
    List<String> header = Arrays.asList(result.columns());
    switch (format) {
      case JSON -> {
        long n = 0;
        for (Iterator<String> it = result.toJSON().toLocalIterator(); it.hasNext(); n++) {
          out.println(it.next());
        }
        return n;
      }
      case CSV -> {
        out.println(ResultText.csvLine(header));
        long n = 0;
        for (Iterator<Row> it = result.toLocalIterator(); it.hasNext(); n++) {
          out.println(ResultText.csvLine(values(it.next(), "")));
        }
        return n;
      }
      default -> {
        List<Row> rows = result.limit(maxRows + 1).collectAsList();
        List<List<String>> cells = new ArrayList<>();
        rows.stream().limit(maxRows).forEach(r -> cells.add(values(r, "NULL")));
        out.print(ResultText.table(header, cells));
        out.println(rows.size() > maxRows ? "(first " + maxRows + " rows; pass --max-rows for more)"
            : "(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
        return rows.size();
      }
    }
  }

  private static List<String> values(Row row, String nullText) {
    List<String> values = new ArrayList<>(row.size());
    for (int i = 0; i < row.size(); i++) {
      values.add(text(row.get(i), nullText));
    }
    return values;
  }

  /** Structs as {name: value, ...}, arrays as [a, b], numbers as Java prints them. */
  static String text(Object value, String nullText) {
    if (value == null) {
      return nullText;
    }
    if (value instanceof Row struct) {
      StringJoiner joiner = new StringJoiner(", ", "{", "}");
      StructField[] fields = struct.schema() == null ? null : struct.schema().fields();
      for (int i = 0; i < struct.size(); i++) {
        joiner.add((fields == null ? "" : fields[i].name() + ": ") + text(struct.get(i), "null"));
      }
      return joiner.toString();
    }
    if (value instanceof scala.collection.Iterable<?> items) {
      StringJoiner joiner = new StringJoiner(", ", "[", "]");
      items.foreach(item -> joiner.add(text(item, "null")));
      return joiner.toString();
    }
    if (value instanceof Double || value instanceof Float) {
      return String.format(Locale.ROOT, "%s", value);
    }
    return value.toString();
  }
}
