package io.ferspark.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTextTest {

  @Test
  void tableAlignsColumns() {
    String table = ResultText.table(List.of("label", "n"), List.of(List.of("happy", "12"), List.of("surprise", "3")));
    assertEquals(String.join("\n",
        "+----------+----+",
        "| label    | n  |",
        "+----------+----+",
        "| happy    | 12 |",
        "| surprise | 3  |",
        "+----------+----+", ""), table);
  }

  @Test
  void longCellsAreCutInTables() {
    String table = ResultText.table(List.of("path"), List.of(List.of("x".repeat(500))));
    assertTrue(table.contains("x".repeat(ResultText.MAX_CELL_WIDTH - 3) + "..."));
    assertTrue(!table.contains("x".repeat(ResultText.MAX_CELL_WIDTH)));
  }

  @Test
  void csvQuotesWhatNeedsQuoting() {
    assertEquals("a,\"b,c\",\"say \"\"hi\"\"\",,\"x\ny\"",
        ResultText.csvLine(java.util.Arrays.asList("a", "b,c", "say \"hi\"", null, "x\ny")));
  }
}
