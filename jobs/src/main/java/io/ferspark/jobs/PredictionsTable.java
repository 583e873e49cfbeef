package io.ferspark.jobs;

import io.ferspark.inference.PredictionSchema;
import io.ferspark.jobs.storage.CommittedOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads the label job's predictions Parquet and checks it has the {@link PredictionSchema} columns evaluation uses. */
final class PredictionsTable {

  static final List<String> REQUIRED = List.of(PredictionSchema.PATH, PredictionSchema.LABEL, PredictionSchema.LABEL_INDEX,
      PredictionSchema.CONFIDENCE, PredictionSchema.PROBABILITIES, PredictionSchema.MODEL, PredictionSchema.LABELED_AT,
      PredictionSchema.STATUS, PredictionSchema.ERROR);

  private PredictionsTable() {}

  static Dataset<Row> read(SparkSession spark, String location) throws IOException {
    Path path = new Path(location);
    if (!path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
      throw new IllegalArgumentException("Cannot read predictions from " + location
          + ": it does not exist; pass the --output folder of scripts/submit label");
    }
    CommittedOutput.requireComplete(spark, location);
    Dataset<Row> predictions = spark.read().parquet(location);
    List<String> columns = Arrays.asList(predictions.columns());
    List<String> missing = REQUIRED.stream().filter(c -> !columns.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("Cannot read predictions from " + location + ": column(s) " + missing
          + " are missing; expected the label job's output with columns " + Arrays.asList(PredictionSchema.SCHEMA.fieldNames()));
    }
    return predictions;
  }
}
