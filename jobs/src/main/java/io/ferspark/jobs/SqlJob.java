package io.ferspark.jobs;

import io.ferspark.jobs.storage.StoragePaths;
import io.ferspark.sql.SqlScript;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs Spark SQL over predictions and metrics: registers the views predictions, summary, per_class,
 * confusion, calibration, errors and unmatched, then runs one statement (-e) or a file (-f): a plain
 * script, or a notebook exported in Databricks source format, cell by cell with MAGIC cells skipped.
 */
@Command(name = "sql", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Run Spark SQL over predictions (view: predictions) and metrics (summary, per_class, confusion, "
        + "calibration, errors, unmatched).")
public final class SqlJob implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(SqlJob.class);

  @Option(names = "--predictions", description = "Predictions Parquet written by the label job (view: predictions).")
  String predictions;

  @Option(names = "--metrics", description = "Output folder of the evaluate job (views: summary, per_class, ...).")
  String metrics;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = {"-e", "--execute"}, required = true, description = "SQL statement(s) to run, separated by ';'.")
    String statement;

    @Option(names = {"-f", "--file"}, required = true,
        description = "SQL file to run: a script, or a notebook exported in Databricks source format.")
    Path file;
  }

  @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--max-rows", defaultValue = "1000", description = "Rows shown per result in table format (default: ${DEFAULT-VALUE}).")
  int maxRows;

  /** One statement that ran: its cell, and for queries the columns and row count ({@code rows} is -1 for commands). */
  public record StatementResult(int cell, String statement, List<String> columns, long rows) {}

  @Override
  public Integer call() throws Exception {
    check(this); // fail on bad values before Spark starts
    SparkSession spark = SparkSession.builder().appName("fer-spark sql").getOrCreate();
    try {
      run(spark, this, System.out);
      return 0;
    } finally {
      spark.stop();
    }
  }

  public static List<StatementResult> run(SparkSession spark, SqlJob options, PrintStream out) throws Exception {
    check(options);
    ResultPrinter printer = new ResultPrinter(ResultPrinter.parseFormat(options.format), options.maxRows, out);
    SqlScript script = options.source.file != null ? SqlScript.parse(readFile(options.source.file))
        : SqlScript.parse(options.source.statement);
    List<String> views = SqlViews.register(spark, options.predictions, options.metrics);
    LOG.info("Views {}; running {} cell(s), {} MAGIC cell(s) skipped", views, script.cells().size(), script.skippedCells());
    boolean table = printer.isTable();
    List<StatementResult> results = new ArrayList<>();
    for (SqlScript.Cell cell : script.cells()) {
      for (String statement : cell.statements()) {
        spark.sparkContext().setJobDescription("SQL cell " + cell.number() + ": " + firstLine(statement));
        try {
          Dataset<Row> result = spark.sql(statement);
          if (result.columns().length == 0) {
            results.add(new StatementResult(cell.number(), statement, List.of(), -1));
            continue;
          }
          if (table) {
            out.println("-- cell " + cell.number() + ": " + firstLine(statement));
          }
          long rows = printer.print(result);
          results.add(new StatementResult(cell.number(), statement, List.of(result.columns()), rows));
        } catch (Exception e) { // Spark's AnalysisException is checked; execution errors are not
          throw new IllegalArgumentException("SQL in cell " + cell.number() + " failed: " + e.getMessage()
              + "\nStatement: " + statement + "\nViews: " + views, e);
        }
      }
    }
    return results;
  }

  private static void check(SqlJob options) {
    ResultPrinter.parseFormat(options.format);
    if (options.maxRows < 1) {
      throw new IllegalArgumentException("Cannot set --max-rows to " + options.maxRows + ": use 1 or more");
    }
    if (options.predictions == null && options.metrics == null) {
      throw new IllegalArgumentException("Nothing to query: pass --predictions <dir> and/or --metrics <dir>");
    }
    if (options.predictions != null) {
      StoragePaths.check("--predictions", options.predictions);
    }
    if (options.metrics != null) {
      StoragePaths.check("--metrics", options.metrics);
    }
  }

  private static String readFile(Path file) throws java.io.IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Cannot read the SQL file " + file + ": no such file");
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** How a result is announced: the cell's Databricks title ({@code -- DBTITLE 1,<title>}) or the statement's first line. */
  private static String firstLine(String statement) {
    String line = statement.lines().map(String::strip).filter(l -> l.startsWith("-- DBTITLE") && l.contains(","))
        .map(l -> l.substring(l.indexOf(',') + 1).strip()).findFirst()
        .orElseGet(() -> statement.lines().filter(l -> !l.isBlank() && !l.strip().startsWith("--")).findFirst().orElse(statement).strip());
    return line.length() > 100 ? line.substring(0, 97) + "..." : line;
  }

  public static void main(String[] args) {
    System.exit(JobCommandLine.execute(new SqlJob(), args));
  }
}
