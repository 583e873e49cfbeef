package io.ferspark.metrics;

import io.ferspark.labels.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Counts of (true class, predicted class) over the seven {@link Labels} classes, rows = truth, columns =
 * prediction, and the scores derived from them.
 *
 * <p>Undefined ratios follow scikit-learn's {@code zero_division=0}: a class never predicted has
 * precision 0, a class with no support has recall 0, and F1 is 0 when precision + recall is 0. Macro
 * and weighted averages, like scikit-learn's defaults, cover the classes that occur in the truth or
 * the predictions, so a class absent from both neither helps nor hurts. Scores of an empty matrix,
 * and Cohen's kappa when chance agreement is 1, are {@code NaN}.
 */
public final class ConfusionMatrix {

  private final long[][] counts;
  private final int size;

  private ConfusionMatrix(int size) {
    this.size = size;
    this.counts = new long[size][size];
  }

  /** An empty matrix over the {@link Labels} classes. */
  public static ConfusionMatrix empty() {
    return new ConfusionMatrix(Labels.COUNT);
  }

  /** A matrix with the given counts, {@link Labels#COUNT} rows (truth) of as many columns (prediction). */
  public static ConfusionMatrix of(long[][] counts) {
    ConfusionMatrix m = empty();
    if (counts.length != Labels.COUNT) {
      throw new IllegalArgumentException("Confusion counts need " + Labels.COUNT + " rows, one per label " + Labels.NAMES
          + ", not " + counts.length);
    }
    for (int t = 0; t < counts.length; t++) {
      if (counts[t].length != Labels.COUNT) {
        throw new IllegalArgumentException("Confusion counts must be square: row " + t + " has "
            + counts[t].length + " columns, expected " + Labels.COUNT);
      }
      for (int p = 0; p < counts.length; p++) {
        m.add(t, p, counts[t][p]);
      }
    }
    return m;
  }

  public void add(int truth, int predicted, long count) {
    if (count < 0) {
      throw new IllegalArgumentException("Confusion counts cannot be negative: " + count);
    }
    counts[truth][predicted] += count;
  }

  public int size() {
    return size;
  }

  public long count(int truth, int predicted) {
    return counts[truth][predicted];
  }

  /** A copy of the counts, rows = truth, columns = prediction. */
  public long[][] counts() {
    long[][] copy = new long[size][];
    for (int t = 0; t < size; t++) {
      copy[t] = counts[t].clone();
    }
    return copy;
  }

  public long total() {
    long total = 0;
    for (int t = 0; t < size; t++) {
      total += support(t);
    }
    return total;
  }

  public long correct() {
    long correct = 0;
    for (int c = 0; c < size; c++) {
      correct += counts[c][c];
    }
    return correct;
  }

  /** Images whose true class is {@code c}. */
  public long support(int c) {
    long sum = 0;
    for (long n : counts[c]) {
      sum += n;
    }
    return sum;
  }

  /** Images predicted as {@code c}. */
  public long predicted(int c) {
    long sum = 0;
    for (int t = 0; t < size; t++) {
      sum += counts[t][c];
    }
    return sum;
  }

  public double accuracy() {
    long total = total();
    return total == 0 ? Double.NaN : (double) correct() / total;
  }

  public double precision(int c) {
    long predicted = predicted(c);
    return predicted == 0 ? 0 : (double) counts[c][c] / predicted;
  }

  public double recall(int c) {
    long support = support(c);
    return support == 0 ? 0 : (double) counts[c][c] / support;
  }

  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Whether class {@code c} occurs in the truth or in the predictions (it counts in the macro average). */
  public boolean present(int c) {
    return support(c) > 0 || predicted(c) > 0;
  }

  /** Unweighted mean of F1 over the classes present in the truth or the predictions. */
  public double macroF1() {
    double sum = 0;
    int classes = 0;
    for (int c = 0; c < size; c++) {
      if (present(c)) {
        sum += f1(c);
        classes++;
      }
    }
    return classes == 0 ? Double.NaN : sum / classes;
  }

  /** Mean of F1 weighted by support. */
  public double weightedF1() {
    long total = total();
    if (total == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int c = 0; c < size; c++) {
      sum += f1(c) * support(c);
    }
    return sum / total;
  }

  /** Cohen's kappa: agreement beyond what the marginal class frequencies give by chance. */
  public double cohensKappa() {
    long total = total();
    if (total == 0) {
      return Double.NaN;
    }
    double observed = (double) correct() / total;
    double expected = 0;
    for (int c = 0; c < size; c++) {
      expected += ((double) support(c) / total) * ((double) predicted(c) / total);
    }
    return expected == 1 ? Double.NaN : (observed - expected) / (1 - expected);
  }

  /** Each row divided by its support (the share of class t predicted as p); rows without support are 0. */
  public double[][] rowNormalised() {
    double[][] rates = new double[size][size];
    for (int t = 0; t < size; t++) {
      long support = support(t);
      for (int p = 0; p < size && support > 0; p++) {
        rates[t][p] = (double) counts[t][p] / support;
      }
    }
    return rates;
  }

  /** Per-class scores in label order. */
  public List<ClassMetrics> perClass() {
    List<ClassMetrics> rows = new ArrayList<>(size);
    for (int c = 0; c < size; c++) {
      rows.add(new ClassMetrics(c, Labels.name(c), support(c), predicted(c), counts[c][c],
          precision(c), recall(c), f1(c)));
    }
    return rows;
  }

  /**
   * The off-diagonal cells with the most images, largest first (ties: by true, then predicted index);
   * empty cells are left out.
   */
  public List<ConfusedPair> mostConfused(int limit) {
    List<ConfusedPair> pairs = new ArrayList<>();
    for (int t = 0; t < size; t++) {
      for (int p = 0; p < size; p++) {
        if (t != p && counts[t][p] > 0) {
          pairs.add(new ConfusedPair(t, p, Labels.name(t), Labels.name(p), counts[t][p],
              (double) counts[t][p] / support(t)));
        }
      }
    }
    pairs.sort(Comparator.comparingLong(ConfusedPair::count).reversed()
        .thenComparingInt(ConfusedPair::truthIndex).thenComparingInt(ConfusedPair::predictedIndex));
    return pairs.subList(0, Math.min(limit, pairs.size()));
  }
}
