package io.ferspark.metrics;

import io.ferspark.labels.Labels;
import java.util.List;

/**
 * Folds the grouped counts a Spark aggregation returns (one cell per true class, predicted class
 * and confidence bin) into a confusion matrix, top-2 hits and calibration bins.
 */
public final class EvaluationTally {

  private final ConfusionMatrix confusion = ConfusionMatrix.empty();
  private final Calibration calibration;
  private long top2Correct;

  public EvaluationTally(int calibrationBins) {
    calibration = new Calibration(calibrationBins);
  }

  /**
   * Adds {@code n} evaluated images of class {@code truth} predicted as {@code predicted} whose
   * confidence fell in {@code bin}, with their summed confidence and how many had the truth in the top 2.
   */
  public EvaluationTally add(int truth, int predicted, int bin, long n, double summedConfidence, long top2Hits) {
    checkIndex("true", truth);
    checkIndex("predicted", predicted);
    if (top2Hits > n || (truth == predicted && top2Hits != n)) {
      throw new IllegalArgumentException("Inconsistent cell: " + top2Hits + " top-2 hits among " + n
          + " images of " + Labels.name(truth) + " predicted as " + Labels.name(predicted));
    }
    confusion.add(truth, predicted, n);
    calibration.add(bin, n, summedConfidence, truth == predicted ? n : 0);
    top2Correct += top2Hits;
    return this;
  }

  public Evaluation toEvaluation(Coverage coverage, List<String> models, String predictionsSource,
      String groundTruthSource, String evaluatedAt) {
    if (coverage.evaluated() != confusion.total()) {
      throw new IllegalStateException("Coverage says " + coverage.evaluated() + " images were evaluated but the "
          + "confusion matrix holds " + confusion.total());
    }
    return new Evaluation(confusion, top2Correct, calibration, coverage, List.copyOf(models),
        predictionsSource, groundTruthSource, evaluatedAt);
  }

  private static void checkIndex(String what, int index) {
    if (index < 0 || index >= Labels.COUNT) {
      throw new IllegalArgumentException("The " + what + " class index " + index + " is outside 0.." + (Labels.COUNT - 1));
    }
  }
}
