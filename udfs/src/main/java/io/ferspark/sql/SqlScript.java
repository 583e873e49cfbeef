package io.ferspark.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A SQL file to run: either a plain script (each statement its own cell) or a notebook exported in
 * the Databricks source format (first line {@code -- Databricks notebook source}, cells separated by
 * {@code -- COMMAND ----------} lines). Notebook cells made of {@code -- MAGIC} lines (markdown or
 * other languages) are skipped; the rest may hold several statements, as in Databricks.
 *
 * @param cells the cells to run, in order
 * @param skippedCells the MAGIC cells left out
 */
public record SqlScript(boolean notebook, List<Cell> cells, int skippedCells) {

  public static final String NOTEBOOK_HEADER = "-- Databricks notebook source";
  private static final Pattern COMMAND = Pattern.compile("^-- COMMAND -+\\s*$");
  private static final String MAGIC = "-- MAGIC";

  /** A runnable cell: its 1-based position in the file (MAGIC cells count) and its statements. */
  public record Cell(int number, List<String> statements) {}

  public static SqlScript parse(String text) {
    String normalised = text.replace("\r\n", "\n").replace('\r', '\n');
    if (normalised.startsWith("\uFEFF")) {
      normalised = normalised.substring(1);
    }
    if (!normalised.strip().startsWith(NOTEBOOK_HEADER)) {
      List<Cell> cells = new ArrayList<>();
      for (String statement : SqlStatements.split(normalised)) {
        cells.add(new Cell(cells.size() + 1, List.of(statement)));
      }
      return new SqlScript(false, List.copyOf(cells), 0);
    }
    List<List<String>> blocks = new ArrayList<>();
    List<String> block = new ArrayList<>();
    boolean header = true;
    for (String line : normalised.split("\n", -1)) {
      if (header && line.strip().equals(NOTEBOOK_HEADER)) {
        header = false;
        continue;
      }
      if (COMMAND.matcher(line).matches()) {
        blocks.add(block);
        block = new ArrayList<>();
      } else {
        block.add(line);
      }
    }
    blocks.add(block);
    List<Cell> cells = new ArrayList<>();
    int skipped = 0;
    for (int b = 0; b < blocks.size(); b++) {
      List<String> lines = blocks.get(b);
      if (lines.stream().anyMatch(line -> line.startsWith(MAGIC))) {
        skipped++;
        continue;
      }
      List<String> statements = SqlStatements.split(String.join("\n", lines));
      if (!statements.isEmpty()) {
        cells.add(new Cell(b + 1, statements));
      }
    }
    return new SqlScript(true, List.copyOf(cells), skipped);
  }
}
