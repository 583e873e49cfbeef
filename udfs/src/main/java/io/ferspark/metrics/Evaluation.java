package io.ferspark.metrics;

import java.util.List;

/**
 * Everything one evaluation measured: the confusion matrix, top-2 hits and calibration over the
 * evaluated images, the coverage counts, and where the inputs came from.
 *
 * @param top2Correct evaluated images whose true class is among the two most probable classes
 * @param models the distinct models (name@sha256 prefix) that produced the evaluated predictions
 */
public record Evaluation(
    ConfusionMatrix confusion, long top2Correct, Calibration calibration, Coverage coverage, List<String> models,
    String predictionsSource, String groundTruthSource, String evaluatedAt) {

  /** How many of the most confused class pairs reports list. */
  public static final int CONFUSED_PAIRS = 5;

  public long count() {
    return confusion.total();
  }

  public double accuracy() {
    return confusion.accuracy();
  }

  public double top2Accuracy() {
    long total = count();
    return total == 0 ? Double.NaN : (double) top2Correct / total;
  }

  public double expectedCalibrationError() {
    return calibration.expectedCalibrationError();
  }

  public List<ConfusedPair> mostConfused() {
    return confusion.mostConfused(CONFUSED_PAIRS);
  }
}
