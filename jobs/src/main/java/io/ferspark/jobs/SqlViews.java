package io.ferspark.jobs;

import io.ferspark.jobs.storage.CommittedOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** Registers the label job's predictions and the evaluate job's tables as temporary views named after them. */
final class SqlViews {

  static final String PREDICTIONS = "predictions";
  static final List<String> METRICS = List.of(MetricsTables.SUMMARY, MetricsTables.PER_CLASS, MetricsTables.CONFUSION,
      MetricsTables.CALIBRATION, MetricsTables.ERRORS, MetricsTables.UNMATCHED);

  private SqlViews() {}

  /** Returns the names of the views it registered. */
  static List<String> register(SparkSession spark, String predictions, String metrics) throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<String> views = new ArrayList<>();
    if (predictions != null) {
      PredictionsTable.read(spark, predictions).createOrReplaceTempView(PREDICTIONS);
      views.add(PREDICTIONS);
    }
    if (metrics != null) {
      Path summary = new Path(metrics, MetricsTables.SUMMARY);
      if (!summary.getFileSystem(conf).exists(summary)) {
        throw new IllegalArgumentException("Cannot read metrics from " + metrics + ": it has no " + MetricsTables.SUMMARY
            + " table; pass the --output folder of scripts/submit evaluate");
      }
      for (String table : METRICS) {
        Path path = new Path(metrics, table);
        if (path.getFileSystem(conf).exists(path)) {
          spark.read().parquet(CommittedOutput.requireComplete(spark, path.toString())).createOrReplaceTempView(table);
          views.add(table);
        }
      }
    }
    return views;
  }
}
