package io.ferspark.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlStatementsTest {

  @Test
  void splitsAtTerminatingSemicolons() {
    assertEquals(List.of("SELECT 1", "SELECT 2"), SqlStatements.split("SELECT 1;\nSELECT 2;\n"));
    assertEquals(List.of("SELECT 1"), SqlStatements.split("  SELECT 1  "));
  }

  @Test
  void ignoresSemicolonsInQuotesAndComments() {
    String sql = "SELECT 'a;b', \"c;d\", `e;f` -- trailing; comment\nFROM t /* block; comment */ WHERE x = 'it\\'s;';"
        + " SELECT 2";
    List<String> statements = SqlStatements.split(sql);
    assertEquals(2, statements.size());
    assertEquals("SELECT 'a;b', \"c;d\", `e;f` -- trailing; comment\nFROM t /* block; comment */ WHERE x = 'it\\'s;'",
        statements.get(0));
    assertEquals("SELECT 2", statements.get(1));
  }

  @Test
  void dropsCommentOnlyStatements() {
    assertEquals(List.of("SELECT 1"), SqlStatements.split("-- just a comment;\n/* another */;\nSELECT 1;\n-- end"));
    assertEquals(List.of(), SqlStatements.split("  ;; \n"));
  }
}
