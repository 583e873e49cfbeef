package io.ferspark.jobs;

import io.ferspark.groundtruth.LabelIndexOrder;
import io.ferspark.jobs.storage.StoragePaths;
import io.ferspark.metrics.Calibration;
import io.ferspark.metrics.Evaluation;
import io.ferspark.metrics.HeadlineTable;
import io.ferspark.metrics.MetricsJson;
import io.ferspark.metrics.ReportRenderer;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Joins the label job's predictions with ground truth and writes the metrics: Parquet tables
 * (summary, per_class, confusion, calibration, errors, unmatched), metrics.json and report.html.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Evaluate predictions against ground truth (class folders or a path,label manifest).")
public final class EvaluateJob implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);

  @Option(names = "--predictions", required = true, description = "Predictions Parquet written by the label job.")
  String predictions;

  @Option(names = "--ground-truth", required = true,
      description = "Image folder (<dir>/<class>/<image>) or manifest (.csv with a header, or Parquet) with columns path,label.")
  String groundTruth;

  @Option(names = "--output", required = true, description = "Folder for the metrics tables, metrics.json and report.html.")
  String output;

  @Option(names = "--ground-truth-format", defaultValue = "auto",
      description = "auto, folders, csv or parquet (default: ${DEFAULT-VALUE}: by name, Parquet files or folders).")
  String groundTruthFormat;

  @Option(names = "--label-index-order", defaultValue = "labels",
      description = "Meaning of numeric manifest labels: labels (angry disgust fear happy neutral sad surprise) "
          + "or fer2013 (the original CSV codes) (default: ${DEFAULT-VALUE}).")
  String labelIndexOrder;

  @Option(names = "--calibration-bins", defaultValue = "" + Calibration.DEFAULT_BINS,
      description = "Equal-width confidence bins for ECE and the reliability diagram (default: ${DEFAULT-VALUE}).")
  int calibrationBins;

  @Option(names = "--mode", defaultValue = OutputDirectory.MODE_ERROR,
      description = "error or overwrite when --output exists (default: ${DEFAULT-VALUE}).")
  String mode;

  @Override
  public Integer call() throws Exception {
    groundTruthFormat();
    labelIndexOrder();
    checkCalibrationBins();
    checkPaths();
    OutputDirectory.checkMode(mode); // fail on bad values before Spark starts
    SparkSession spark = SparkSession.builder().appName("fer-spark evaluate").getOrCreate();
    try {
      Evaluation evaluation = run(spark, this);
      System.out.print(HeadlineTable.format(evaluation));
      System.out.println("Wrote " + output + ": summary, per_class, confusion, calibration, errors, unmatched, "
          + "metrics.json, report.html");
      return 0;
    } finally {
      spark.stop();
    }
  }

  public static Evaluation run(SparkSession spark, EvaluateJob options) throws Exception {
    GroundTruthSource.Format format = options.groundTruthFormat();
    LabelIndexOrder order = options.labelIndexOrder();
    options.checkCalibrationBins();
    options.checkPaths();
    OutputDirectory out = OutputDirectory.open(options.output, options.mode, spark.sparkContext().hadoopConfiguration());
    Dataset<Row> predictions = PredictionsTable.read(spark, options.predictions);
    Dataset<Row> truth = GroundTruthSource.read(spark, options.groundTruth, format, order);
    try (EvaluationJoin join = EvaluationJoin.of(predictions, truth)) {
      EvaluationJoin.Tallies tallies = join.tally(options.calibrationBins);
      if (tallies.coverage().evaluated() == 0) {
        throw new IllegalArgumentException("No image has both ground truth and an ok prediction (" + tallies.coverage()
            + "): check that --ground-truth describes the images labeled in --predictions");
      }
      Evaluation evaluation = tallies.tally().toEvaluation(tallies.coverage(), tallies.models(), options.predictions,
          options.groundTruth, Instant.now().toString());
      LOG.info("Evaluated {} images: accuracy {}, writing {}", evaluation.count(), evaluation.accuracy(), out.location());
      spark.sparkContext().setJobDescription("Write errors and unmatched tables");
      out.writeTable(MetricsTables.ERRORS, join.errors());
      out.writeTable(MetricsTables.UNMATCHED, join.unmatched());
      spark.sparkContext().setJobDescription("Write metrics tables");
      out.writeTable(MetricsTables.SUMMARY, MetricsTables.summary(spark, evaluation));
      out.writeTable(MetricsTables.PER_CLASS, MetricsTables.perClass(spark, evaluation));
      out.writeTable(MetricsTables.CONFUSION, MetricsTables.confusion(spark, evaluation));
      out.writeTable(MetricsTables.CALIBRATION, MetricsTables.calibration(spark, evaluation));
      out.writeText("metrics.json", MetricsJson.toJson(evaluation));
      out.writeText("report.html", ReportRenderer.render(evaluation));
      return evaluation;
    } finally {
      truth.unpersist();
    }
  }

  GroundTruthSource.Format groundTruthFormat() {
    return GroundTruthSource.parseFormat(groundTruthFormat).orElseThrow(() -> new IllegalArgumentException(
        "Cannot set --ground-truth-format to " + groundTruthFormat + ": use auto, folders, csv or parquet"));
  }

  LabelIndexOrder labelIndexOrder() {
    try {
      return LabelIndexOrder.valueOf(labelIndexOrder.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot set --label-index-order to " + labelIndexOrder + ": use labels or fer2013");
    }
  }

  /** Credentials in a path, or s3:// instead of s3a://, are refused before Spark sees the path. */
  void checkPaths() {
    StoragePaths.check("--predictions", predictions);
    StoragePaths.check("--ground-truth", groundTruth);
    StoragePaths.check("--output", output);
  }

  void checkCalibrationBins() {
    if (calibrationBins < 1 || calibrationBins > 1000) {
      throw new IllegalArgumentException("Cannot set --calibration-bins to " + calibrationBins + ": use 1..1000");
    }
  }

  public static void main(String[] args) {
    System.exit(JobCommandLine.execute(new EvaluateJob(), args));
  }
}
