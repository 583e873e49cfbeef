package io.ferspark.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How well the model's confidence (the probability of its predicted class) matches how often it is
 * right: {@code bins} equal-width confidence bins over [0, 1] and the expected calibration error,
 * ECE = sum over bins of (n_b / N) * |accuracy_b - mean confidence_b|.
 */
public final class Calibration {

  /** The usual choice in the calibration literature (Guo et al. 2017). */
  public static final int DEFAULT_BINS = 15;

  private final long[] count;
  private final double[] confidenceSum;
  private final long[] correct;

  public Calibration(int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("Cannot set calibration bins to " + bins + ": use 1 or more");
    }
    count = new long[bins];
    confidenceSum = new double[bins];
    correct = new long[bins];
  }

  public int bins() {
    return count.length;
  }

  /**
   * The bin of a confidence: floor(confidence * bins), with 1.0 in the last bin and values outside
   * [0, 1] clamped. Spark queries must use the same formula ({@link #binSql}).
   */
  public static int binOf(double confidence, int bins) {
    int bin = (int) Math.floor(confidence * bins);
    return Math.max(0, Math.min(bins - 1, bin));
  }

  /** {@link #binOf} as a Spark SQL expression over the column {@code confidenceColumn}. */
  public static String binSql(String confidenceColumn, int bins) {
    return "greatest(0, least(" + (bins - 1) + ", cast(floor(" + confidenceColumn + " * " + bins + ") as int)))";
  }

  /** Adds {@code n} predictions that fell in {@code bin}, with their summed confidence and how many were right. */
  public void add(int bin, long n, double summedConfidence, long nCorrect) {
    if (nCorrect > n || n < 0) {
      throw new IllegalArgumentException("A bin cannot hold " + nCorrect + " correct of " + n + " predictions");
    }
    count[bin] += n;
    confidenceSum[bin] += summedConfidence;
    correct[bin] += nCorrect;
  }

  /** Adds a single prediction. */
  public void add(double confidence, boolean isCorrect) {
    add(binOf(confidence, bins()), 1, confidence, isCorrect ? 1 : 0);
  }

  public long total() {
    long total = 0;
    for (long n : count) {
      total += n;
    }
    return total;
  }

  /** Mean confidence over all predictions ({@code NaN} when there are none). */
  public double meanConfidence() {
    double sum = 0;
    for (double s : confidenceSum) {
      sum += s;
    }
    long total = total();
    return total == 0 ? Double.NaN : sum / total;
  }

  /** Expected calibration error ({@code NaN} when there are no predictions). */
  public double expectedCalibrationError() {
    long total = total();
    if (total == 0) {
      return Double.NaN;
    }
    double ece = 0;
    for (ReliabilityBin bin : reliability()) {
      if (bin.count() > 0) {
        ece += (double) bin.count() / total * Math.abs(bin.accuracy() - bin.meanConfidence());
      }
    }
    return ece;
  }

  /** Every bin in order, including empty ones (their accuracy and confidence are {@code NaN}). */
  public List<ReliabilityBin> reliability() {
    List<ReliabilityBin> rows = new ArrayList<>(bins());
    for (int b = 0; b < bins(); b++) {
      double meanConfidence = count[b] == 0 ? Double.NaN : confidenceSum[b] / count[b];
      double accuracy = count[b] == 0 ? Double.NaN : (double) correct[b] / count[b];
      rows.add(new ReliabilityBin(b, (double) b / bins(), (double) (b + 1) / bins(), count[b], correct[b],
          meanConfidence, accuracy));
    }
    return Collections.unmodifiableList(rows);
  }
}
