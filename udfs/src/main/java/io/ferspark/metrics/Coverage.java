package io.ferspark.metrics;

/**
 * What happened to every image on either side of the join, so nothing drops out unseen:
 * {@code groundTruth = evaluated + failed + missingPredictions} and
 * {@code predictions - duplicatePredictions = evaluated + failed + withoutGroundTruth}.
 *
 * @param predictions prediction rows read
 * @param predictionErrors prediction rows with status "error", with or without ground truth (a duplicated path once)
 * @param duplicatePredictions extra rows for a path labeled more than once (only the latest counts)
 * @param groundTruth images with a ground-truth label
 * @param evaluated images with ground truth and an "ok" prediction: the metrics cover exactly these
 * @param failed images with ground truth whose prediction has status "error"
 * @param missingPredictions images with ground truth but no prediction row
 * @param withoutGroundTruth prediction rows (ok or error) whose path has no ground truth
 */
public record Coverage(
    long predictions, long predictionErrors, long duplicatePredictions, long groundTruth, long evaluated,
    long failed, long missingPredictions, long withoutGroundTruth) {

  /** Images with ground truth that the metrics do not cover. */
  public long notEvaluated() {
    return failed + missingPredictions;
  }
}
