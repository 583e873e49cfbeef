package io.ferspark.jobs;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.ferspark.inference.PredictionSchema;
import io.ferspark.labels.Labels;
import io.ferspark.metrics.Calibration;
import io.ferspark.metrics.Coverage;
import io.ferspark.metrics.EvaluationTally;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Predictions joined with ground truth on the {@link io.ferspark.groundtruth.PathKey} of their paths
 * (full outer join, so images missing on either side stay visible), each row tagged with its
 * category. Spark does the counting; {@link EvaluationTally} does the arithmetic.
 */
final class EvaluationJoin implements AutoCloseable {

  static final String CATEGORY = "category";
  static final String EVALUATED = "evaluated";
  static final String FAILED = "failed";
  static final String MISSING_PREDICTION = "missing_prediction";
  static final String WITHOUT_GROUND_TRUTH = "without_ground_truth";

  /** How many prediction rows share the kept row's path (1 unless the path was labeled more than once). */
  private static final String COPIES = "_copies";

  private final Dataset<Row> joined;

  private EvaluationJoin(Dataset<Row> joined) {
    this.joined = joined;
  }

  static EvaluationJoin of(Dataset<Row> predictions, Dataset<Row> groundTruth) {
    Dataset<Row> truth = groundTruth.select(GroundTruthSource.KEY, GroundTruthSource.TRUTH_PATH, GroundTruthSource.TRUTH);
    // A path labeled more than once (e.g. an appended re-run) counts once: its latest row.
    Dataset<Row> latest = predictions
        .withColumn(GroundTruthSource.KEY, GroundTruthSource.PATH_KEY.apply(col(PredictionSchema.PATH)))
        .withColumn(COPIES, count(lit(1)).over(Window.partitionBy(GroundTruthSource.KEY)))
        .withColumn("_rank", row_number().over(Window.partitionBy(GroundTruthSource.KEY)
            .orderBy(col(PredictionSchema.LABELED_AT).desc_nulls_last(), col(PredictionSchema.PATH))))
        .filter(col("_rank").equalTo(1)).drop("_rank");
    Column category = when(col(GroundTruthSource.TRUTH).isNull(), lit(WITHOUT_GROUND_TRUTH))
        .when(col(PredictionSchema.STATUS).isNull(), lit(MISSING_PREDICTION))
        .when(col(PredictionSchema.STATUS).equalTo(PredictionSchema.STATUS_OK)
            .and(col(PredictionSchema.LABEL_INDEX).isNotNull()).and(col(PredictionSchema.CONFIDENCE).isNotNull()), lit(EVALUATED))
        .otherwise(lit(FAILED));
    Dataset<Row> joined = latest.join(truth, latest.col(GroundTruthSource.KEY).equalTo(truth.col(GroundTruthSource.KEY)), "full_outer")
        .drop(truth.col(GroundTruthSource.KEY))
        .withColumn(CATEGORY, category)
        .persist();
    return new EvaluationJoin(joined);
  }

  /** One aggregation gives coverage, confusion counts, calibration bins, top-2 hits and the models. */
  Tallies tally(int calibrationBins) {
    joined.sparkSession().sparkContext().setJobDescription("Count confusion cells, calibration bins and top-2 hits");
    Column evaluated = col(CATEGORY).equalTo(EVALUATED);
    Column truth = col(GroundTruthSource.TRUTH);
    Column predicted = col(PredictionSchema.LABEL_INDEX);
    List<Row> cells = joined.groupBy(
            col(CATEGORY),
            col(PredictionSchema.STATUS).equalTo(PredictionSchema.STATUS_ERROR).as("is_error"),
            when(evaluated, truth).as("t"),
            when(evaluated, predicted).as("p"),
            when(evaluated, expr(Calibration.binSql(PredictionSchema.CONFIDENCE, calibrationBins))).as("bin"),
            when(evaluated, col(PredictionSchema.MODEL + ".name")).as("model"),
            when(evaluated, col(PredictionSchema.MODEL + ".sha256")).as("sha256"))
        .agg(count(lit(1)).as("n"),
            sum(coalesce(col(COPIES), lit(1L)).minus(1)).as("duplicates"),
            sum(when(evaluated, col(PredictionSchema.CONFIDENCE).cast("double"))).as("confidence_sum"),
            sum(when(evaluated.and(predicted.equalTo(truth).or(top2(truth))), 1).otherwise(0)).as("top2"))
        .collectAsList();
    EvaluationTally tally = new EvaluationTally(calibrationBins);
    long errors = 0;
    long duplicates = 0;
    long[] byCategory = new long[4];
    List<String> categories = List.of(EVALUATED, FAILED, MISSING_PREDICTION, WITHOUT_GROUND_TRUTH);
    Set<String> models = new TreeSet<>();
    for (Row r : cells) {
      long n = r.getLong(r.fieldIndex("n"));
      byCategory[categories.indexOf(r.getString(0))] += n;
      errors += !r.isNullAt(1) && r.getBoolean(1) ? n : 0;
      duplicates += r.getLong(r.fieldIndex("duplicates"));
      if (r.getString(0).equals(EVALUATED)) {
        tally.add(r.getInt(2), r.getInt(3), r.getInt(4), n, r.getDouble(r.fieldIndex("confidence_sum")),
            r.getLong(r.fieldIndex("top2")));
        String sha = r.isNullAt(6) ? "" : r.getString(6);
        models.add(r.getString(5) + (sha.isEmpty() ? "" : "@" + sha.substring(0, Math.min(12, sha.length()))));
      }
    }
    long kept = byCategory[0] + byCategory[1] + byCategory[3];
    Coverage coverage = new Coverage(kept + duplicates, errors, duplicates,
        byCategory[0] + byCategory[1] + byCategory[2], byCategory[0], byCategory[1], byCategory[2], byCategory[3]);
    return new Tallies(tally, coverage, List.copyOf(models));
  }

  record Tallies(EvaluationTally tally, Coverage coverage, List<String> models) {}

  /** True when fewer than two classes have a higher probability than the true class. */
  private static Column top2(Column truth) {
    Column truthProbability = element_at(array(probabilities()), truth.plus(1));
    Column higher = lit(0);
    for (Column p : probabilities()) {
      higher = higher.plus(when(p.gt(truthProbability), 1).otherwise(0));
    }
    return higher.lt(2);
  }

  /** Misclassified evaluated images: path, truth, prediction, confidence and the probability given to the truth. */
  Dataset<Row> errors() {
    return joined.filter(col(CATEGORY).equalTo(EVALUATED)
            .and(col(PredictionSchema.LABEL_INDEX).notEqual(col(GroundTruthSource.TRUTH))))
        .select(col(PredictionSchema.PATH),
            truthName().as("truth"),
            col(PredictionSchema.LABEL).as("prediction"),
            col(PredictionSchema.CONFIDENCE).as("confidence"),
            element_at(array(probabilities()), col(GroundTruthSource.TRUTH).plus(1)).as("truth_probability"));
  }

  /** Every image the metrics leave out, with the reason. */
  Dataset<Row> unmatched() {
    return joined.filter(col(CATEGORY).notEqual(EVALUATED))
        .select(coalesce(col(PredictionSchema.PATH), col(GroundTruthSource.TRUTH_PATH)).as("path"),
            col(CATEGORY).as("reason"),
            truthName().as("truth"),
            col(PredictionSchema.STATUS).as("status"),
            col(PredictionSchema.ERROR).as("error"));
  }

  /** The class name of the truth index. */
  private static Column truthName() {
    return element_at(array(Labels.NAMES.stream().map(n -> lit(n)).toArray(Column[]::new)),
        col(GroundTruthSource.TRUTH).plus(1));
  }

  /** The per-class probability columns, in label order. */
  private static Column[] probabilities() {
    return Labels.NAMES.stream()
        .map(name -> col(PredictionSchema.PROBABILITIES + ".`" + name + "`")).toArray(Column[]::new);
  }

  @Override
  public void close() {
    joined.unpersist();
  }
}
