package io.ferspark.jobs;

import io.ferspark.labels.Labels;
import io.ferspark.metrics.ClassMetrics;
import io.ferspark.metrics.ConfusionMatrix;
import io.ferspark.metrics.Coverage;
import io.ferspark.metrics.Evaluation;
import io.ferspark.metrics.ReliabilityBin;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** An {@link Evaluation} as small Spark tables: summary (one row), per_class, confusion (long form), calibration. */
final class MetricsTables {

  static final String SUMMARY = "summary";
  static final String PER_CLASS = "per_class";
  static final String CONFUSION = "confusion";
  static final String CALIBRATION = "calibration";
  static final String ERRORS = "errors";
  static final String UNMATCHED = "unmatched";

  private MetricsTables() {}

  static Dataset<Row> summary(SparkSession spark, Evaluation e) {
    ConfusionMatrix m = e.confusion();
    Coverage c = e.coverage();
    StructType schema = new StructType()
        .add("count", DataTypes.LongType, false)
        .add("accuracy", DataTypes.DoubleType).add("top2_accuracy", DataTypes.DoubleType)
        .add("macro_f1", DataTypes.DoubleType).add("weighted_f1", DataTypes.DoubleType)
        .add("cohen_kappa", DataTypes.DoubleType).add("ece", DataTypes.DoubleType)
        .add("mean_confidence", DataTypes.DoubleType)
        .add("predictions", DataTypes.LongType, false).add("prediction_errors", DataTypes.LongType, false)
        .add("duplicate_predictions", DataTypes.LongType, false).add("ground_truth", DataTypes.LongType, false)
        .add("evaluated", DataTypes.LongType, false).add("failed", DataTypes.LongType, false)
        .add("missing_predictions", DataTypes.LongType, false).add("without_ground_truth", DataTypes.LongType, false)
        .add("models", DataTypes.StringType).add("predictions_source", DataTypes.StringType)
        .add("ground_truth_source", DataTypes.StringType).add("evaluated_at", DataTypes.StringType);
    Row row = RowFactory.create(e.count(), value(e.accuracy()), value(e.top2Accuracy()), value(m.macroF1()),
        value(m.weightedF1()), value(m.cohensKappa()), value(e.expectedCalibrationError()),
        value(e.calibration().meanConfidence()), c.predictions(), c.predictionErrors(), c.duplicatePredictions(),
        c.groundTruth(), c.evaluated(), c.failed(), c.missingPredictions(), c.withoutGroundTruth(),
        String.join(", ", e.models()), e.predictionsSource(), e.groundTruthSource(), e.evaluatedAt());
    return spark.createDataFrame(List.of(row), schema).coalesce(1);
  }

  static Dataset<Row> perClass(SparkSession spark, Evaluation e) {
    StructType schema = new StructType()
        .add("label", DataTypes.StringType, false).add("label_index", DataTypes.IntegerType, false)
        .add("support", DataTypes.LongType, false).add("predicted", DataTypes.LongType, false)
        .add("correct", DataTypes.LongType, false).add("precision", DataTypes.DoubleType)
        .add("recall", DataTypes.DoubleType).add("f1", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (ClassMetrics c : e.confusion().perClass()) {
      rows.add(RowFactory.create(c.label(), c.index(), c.support(), c.predicted(), c.correct(), c.precision(),
          c.recall(), c.f1()));
    }
    return spark.createDataFrame(rows, schema).coalesce(1);
  }

  static Dataset<Row> confusion(SparkSession spark, Evaluation e) {
    StructType schema = new StructType()
        .add("truth", DataTypes.StringType, false).add("truth_index", DataTypes.IntegerType, false)
        .add("predicted", DataTypes.StringType, false).add("predicted_index", DataTypes.IntegerType, false)
        .add("count", DataTypes.LongType, false).add("row_fraction", DataTypes.DoubleType, false);
    ConfusionMatrix m = e.confusion();
    double[][] rates = m.rowNormalised();
    List<Row> rows = new ArrayList<>();
    for (int t = 0; t < m.size(); t++) {
      for (int p = 0; p < m.size(); p++) {
        rows.add(RowFactory.create(Labels.name(t), t, Labels.name(p), p, m.count(t, p), rates[t][p]));
      }
    }
    return spark.createDataFrame(rows, schema).coalesce(1);
  }

  static Dataset<Row> calibration(SparkSession spark, Evaluation e) {
    StructType schema = new StructType()
        .add("bin", DataTypes.IntegerType, false).add("lower", DataTypes.DoubleType, false)
        .add("upper", DataTypes.DoubleType, false).add("count", DataTypes.LongType, false)
        .add("correct", DataTypes.LongType, false).add("mean_confidence", DataTypes.DoubleType)
        .add("accuracy", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (ReliabilityBin b : e.calibration().reliability()) {
      rows.add(RowFactory.create(b.index(), b.lower(), b.upper(), b.count(), b.correct(), value(b.meanConfidence()),
          value(b.accuracy())));
    }
    return spark.createDataFrame(rows, schema).coalesce(1);
  }

  /** Undefined scores are NULL in the tables, as in metrics.json. */
  private static Double value(double v) {
    return Double.isNaN(v) ? null : v;
  }
}
