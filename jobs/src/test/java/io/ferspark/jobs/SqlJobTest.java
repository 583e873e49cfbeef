package io.ferspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ferspark.sql.SqlScript;
import io.ferspark.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQL over a small labeled fixture (the bucket of EvaluateJobTest, evaluated once), and every exported notebook. */
class SqlJobTest {

  @TempDir
  static Path tmp;
  private static SparkSession spark;
  private static String predictions;
  private static String metrics;

  @BeforeAll
  static void labeledFixture() throws Exception {
    spark = TestSpark.local("SqlJobTest");
    String[] inputs = EvaluateJobTest.labeledBucket(spark, tmp);
    predictions = inputs[0];
    metrics = tmp.resolve("metrics").toString();
    EvaluateJob.run(spark, EvaluateJobTest.options("--predictions", predictions, "--ground-truth", inputs[1],
        "--output", metrics));
  }

  private static SqlJob options(String... args) {
    return JobOptions.parse(new SqlJob(), args);
  }

  private static String run(List<SqlJob.StatementResult> results, String... args) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    results.addAll(SqlJob.run(spark, options(args), new PrintStream(bytes, true, StandardCharsets.UTF_8)));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everyNotebookRunsAndEachCellReturnsRows() throws Exception {
    Path dir = TestData.projectDir().resolve("notebooks-export");
    List<Path> notebooks;
    try (Stream<Path> files = Files.list(dir)) {
      notebooks = files.filter(f -> f.toString().endsWith(".sql")).sorted().toList();
    }
    assertTrue(notebooks.size() >= 5, "notebooks in " + dir + ": " + notebooks);
    for (Path notebook : notebooks) {
      SqlScript script = SqlScript.parse(Files.readString(notebook));
      assertTrue(script.notebook(), notebook + " is in Databricks source format");
      assertTrue(Files.readAllLines(notebook).get(0).equals(SqlScript.NOTEBOOK_HEADER), notebook + " first line");
      assertTrue(script.skippedCells() >= 1, notebook + " has a markdown cell");
      List<SqlJob.StatementResult> results = new java.util.ArrayList<>();
      run(results, "--predictions", predictions, "--metrics", metrics, "-f", notebook.toString());
      Map<Integer, List<SqlJob.StatementResult>> byCell = results.stream()
          .collect(Collectors.groupingBy(SqlJob.StatementResult::cell));
      assertEquals(script.cells().size(), byCell.size(), notebook + ": every cell ran");
      byCell.forEach((cell, statements) -> {
        SqlJob.StatementResult last = statements.get(statements.size() - 1);
        assertTrue(last.rows() > 0, notebook.getFileName() + " cell " + cell + " returned no rows: " + last.statement());
      });
    }
  }

  @Test
  void readmeQueriesRunAndReturnRows() throws Exception {
    String readme = Files.readString(TestData.projectDir().resolve("README.md"));
    int section = readme.indexOf("## Query with Spark SQL");
    assertTrue(section >= 0, "README.md has a 'Query with Spark SQL' section");
    int start = readme.indexOf("```sql", section) + "```sql".length();
    String queries = readme.substring(start, readme.indexOf("```", start));
    List<SqlJob.StatementResult> results = new java.util.ArrayList<>();
    run(results, "--predictions", predictions, "--metrics", metrics, "-e", queries);
    assertEquals(5, results.size(), "five queries");
    for (SqlJob.StatementResult r : results) {
      assertTrue(r.rows() > 0, "no rows from README query: " + r.statement());
    }
  }

  @Test
  void statementsPrintAsTableCsvAndJson() throws Exception {
    List<SqlJob.StatementResult> results = new java.util.ArrayList<>();
    String table = run(results, "--predictions", predictions, "--metrics", metrics,
        "-e", "SELECT label, count(*) AS n FROM predictions WHERE status = 'ok' GROUP BY label ORDER BY label; "
            + "SELECT accuracy FROM summary");
    assertEquals(2, results.size());
    assertEquals(List.of("label", "n"), results.get(0).columns());
    assertEquals(4, results.get(0).rows(), "angry, fear, happy, sad");
    assertTrue(table.contains("| happy "), table);
    assertTrue(table.contains("| 0.7 "), table);

    results.clear();
    String csv = run(results, "--metrics", metrics, "--format", "csv",
        "-e", "SELECT truth, predicted, count FROM confusion WHERE count > 0 AND truth <> predicted ORDER BY truth");
    assertEquals(List.of("truth,predicted,count", "angry,fear,1", "fear,sad,1", "neutral,happy,1"), csv.lines().toList());

    results.clear();
    String json = run(results, "--metrics", metrics, "--format", "json", "-e", "SELECT label, support FROM per_class ORDER BY label_index");
    List<String> lines = json.lines().toList();
    assertEquals(7, lines.size());
    JsonObject angry = JsonParser.parseString(lines.get(0)).getAsJsonObject();
    assertEquals("angry", angry.get("label").getAsString());
    assertEquals(4, angry.get("support").getAsLong());
  }

  @Test
  void viewsCoverPredictionsAndEveryMetricsTable() throws Exception {
    List<SqlJob.StatementResult> results = new java.util.ArrayList<>();
    run(results, "--predictions", predictions, "--metrics", metrics, "-e",
        "SELECT (SELECT count(*) FROM predictions), (SELECT count(*) FROM summary), (SELECT count(*) FROM per_class),"
            + " (SELECT count(*) FROM confusion), (SELECT count(*) FROM errors), (SELECT count(*) FROM unmatched),"
            + " (SELECT count(*) FROM calibration)");
    assertEquals(1, results.get(0).rows());
    List<SqlJob.StatementResult> commands = new java.util.ArrayList<>();
    String out = run(commands, "--predictions", predictions, "-e", "CREATE OR REPLACE TEMP VIEW ok AS SELECT * FROM predictions WHERE status = 'ok'");
    assertEquals(-1, commands.get(0).rows(), "a command has no result set");
    assertFalse(out.contains("+--"), out);
  }

  @Test
  void mistakesSayWhatToDo() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> run(new java.util.ArrayList<>(), "--predictions", predictions, "-e", "SELECT 1;\nSELECT nope FROM predictions"));
    assertTrue(e.getMessage().contains("cell 2") && e.getMessage().contains("nope"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> run(new java.util.ArrayList<>(), "--metrics", predictions, "-e", "SELECT 1"));
    assertTrue(e.getMessage().contains("evaluate"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> run(new java.util.ArrayList<>(), "-e", "SELECT 1"));
    assertTrue(e.getMessage().contains("--predictions"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> run(new java.util.ArrayList<>(), "--predictions", predictions, "--format", "xml", "-e", "SELECT 1"));
    assertTrue(e.getMessage().contains("table, csv or json"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> run(new java.util.ArrayList<>(), "--metrics", "s3://fer-results/metrics", "-e", "SELECT 1"));
    assertTrue(e.getMessage().contains("use s3a://fer-results/metrics"), e.getMessage());
  }

  @Test
  void metricsOfAnUnfinishedEvaluationAreRefused() throws Exception {
    Path partial = tmp.resolve("partial metrics");
    for (String table : List.of("summary", "per_class")) {
      spark.read().parquet(metrics + "/" + table).write().parquet(partial.resolve(table).toString());
    }
    Files.delete(partial.resolve("per_class/_SUCCESS"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> run(new java.util.ArrayList<>(), "--metrics", partial.toString(), "-e", "SELECT * FROM per_class"));
    assertTrue(e.getMessage().contains("per_class") && e.getMessage().contains("_SUCCESS"), e.getMessage());
  }
}
