package io.ferspark.metrics;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.ferspark.labels.Labels;

/**
 * The {@code metrics.json} of an evaluation: headline scores at the top level, then per-class scores
 * keyed by label, the confusion matrix (rows = truth, columns = prediction, both in {@link Labels}
 * order), calibration and coverage. Undefined scores ({@code NaN}) are written as {@code null}.
 */
public final class MetricsJson {

  private MetricsJson() {}

  public static String toJson(Evaluation e) {
    return new GsonBuilder().serializeNulls().setPrettyPrinting().disableHtmlEscaping().create().toJson(toTree(e)) + "\n";
  }

  public static JsonObject toTree(Evaluation e) {
    ConfusionMatrix m = e.confusion();
    JsonObject root = new JsonObject();
    root.addProperty("count", e.count());
    root.add("accuracy", number(e.accuracy()));
    root.add("top2_accuracy", number(e.top2Accuracy()));
    root.add("macro_f1", number(m.macroF1()));
    root.add("weighted_f1", number(m.weightedF1()));
    root.add("cohen_kappa", number(m.cohensKappa()));
    root.add("ece", number(e.expectedCalibrationError()));
    root.add("mean_confidence", number(e.calibration().meanConfidence()));

    JsonArray labels = new JsonArray();
    Labels.NAMES.forEach(labels::add);
    root.add("labels", labels);

    JsonObject perClass = new JsonObject();
    for (ClassMetrics c : m.perClass()) {
      JsonObject row = new JsonObject();
      row.add("precision", number(c.precision()));
      row.add("recall", number(c.recall()));
      row.add("f1", number(c.f1()));
      row.addProperty("support", c.support());
      row.addProperty("predicted", c.predicted());
      row.addProperty("correct", c.correct());
      perClass.add(c.label(), row);
    }
    root.add("per_class", perClass);

    JsonArray counts = new JsonArray();
    JsonArray normalised = new JsonArray();
    double[][] rates = m.rowNormalised();
    for (int t = 0; t < m.size(); t++) {
      JsonArray countRow = new JsonArray();
      JsonArray rateRow = new JsonArray();
      for (int p = 0; p < m.size(); p++) {
        countRow.add(m.count(t, p));
        rateRow.add(number(rates[t][p]));
      }
      counts.add(countRow);
      normalised.add(rateRow);
    }
    root.add("confusion", counts);
    root.add("confusion_row_normalized", normalised);

    JsonArray pairs = new JsonArray();
    for (ConfusedPair pair : e.mostConfused()) {
      JsonObject row = new JsonObject();
      row.addProperty("truth", pair.truth());
      row.addProperty("predicted", pair.predicted());
      row.addProperty("count", pair.count());
      row.add("rate", number(pair.rate()));
      pairs.add(row);
    }
    root.add("most_confused", pairs);

    JsonObject calibration = new JsonObject();
    calibration.addProperty("bins", e.calibration().bins());
    calibration.add("ece", number(e.expectedCalibrationError()));
    JsonArray bins = new JsonArray();
    for (ReliabilityBin bin : e.calibration().reliability()) {
      JsonObject row = new JsonObject();
      row.add("lower", number(bin.lower()));
      row.add("upper", number(bin.upper()));
      row.addProperty("count", bin.count());
      row.add("confidence", number(bin.meanConfidence()));
      row.add("accuracy", number(bin.accuracy()));
      bins.add(row);
    }
    calibration.add("reliability", bins);
    root.add("calibration", calibration);

    Coverage c = e.coverage();
    JsonObject coverage = new JsonObject();
    coverage.addProperty("predictions", c.predictions());
    coverage.addProperty("prediction_errors", c.predictionErrors());
    coverage.addProperty("duplicate_predictions", c.duplicatePredictions());
    coverage.addProperty("ground_truth", c.groundTruth());
    coverage.addProperty("evaluated", c.evaluated());
    coverage.addProperty("failed", c.failed());
    coverage.addProperty("missing_predictions", c.missingPredictions());
    coverage.addProperty("without_ground_truth", c.withoutGroundTruth());
    root.add("coverage", coverage);

    JsonArray models = new JsonArray();
    e.models().forEach(models::add);
    root.add("models", models);
    root.addProperty("predictions", e.predictionsSource());
    root.addProperty("ground_truth", e.groundTruthSource());
    root.addProperty("evaluated_at", e.evaluatedAt());
    return root;
  }

  private static JsonElement number(double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? JsonNull.INSTANCE : new JsonPrimitive(value);
  }
}
