package io.ferspark.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

  private static final String NOTEBOOK = String.join("\n",
      "-- Databricks notebook source",
      "-- MAGIC %md",
      "-- MAGIC # Title; with a semicolon",
      "-- MAGIC Some text.",
      "",
      "-- COMMAND ----------",
      "",
      "-- DBTITLE 1,Counts",
      "SELECT label, count(*) FROM predictions GROUP BY label",
      "",
      "-- COMMAND ----------",
      "",
      "DECLARE OR REPLACE VARIABLE t DOUBLE DEFAULT 0.5;",
      "SELECT * FROM predictions WHERE confidence < t;",
      "",
      "-- COMMAND ----------",
      "",
      "-- MAGIC %python",
      "-- MAGIC print('not SQL')",
      "");

  @Test
  void notebookCellsRunAndMagicCellsAreSkipped() {
    SqlScript script = SqlScript.parse(NOTEBOOK);
    assertTrue(script.notebook());
    assertEquals(2, script.skippedCells());
    assertEquals(2, script.cells().size());
    SqlScript.Cell first = script.cells().get(0);
    assertEquals(2, first.number());
    assertEquals(1, first.statements().size());
    assertTrue(first.statements().get(0).contains("GROUP BY label"));
    SqlScript.Cell second = script.cells().get(1);
    assertEquals(3, second.number());
    assertEquals(List.of("DECLARE OR REPLACE VARIABLE t DOUBLE DEFAULT 0.5",
        "SELECT * FROM predictions WHERE confidence < t"), second.statements());
  }

  @Test
  void windowsLineEndsAndByteOrderMarkAreAccepted() {
    SqlScript script = SqlScript.parse("\uFEFF" + NOTEBOOK.replace("\n", "\r\n"));
    assertTrue(script.notebook());
    assertEquals(2, script.cells().size());
  }

  @Test
  void plainScriptRunsEachStatementAsACell() {
    SqlScript script = SqlScript.parse("-- a plain file\nSELECT 1;\nSELECT 'x;y';\n");
    assertFalse(script.notebook());
    assertEquals(2, script.cells().size());
    assertEquals(List.of("SELECT 'x;y'"), script.cells().get(1).statements());
    assertEquals(0, script.skippedCells());
  }
}
