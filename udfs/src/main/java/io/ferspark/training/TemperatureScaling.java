package io.ferspark.training;

import io.ferspark.labels.Labels;
import io.ferspark.metrics.Calibration;

/**
 * Temperature scaling (Guo et al. 2017): one scalar T that divides the logits before the softmax,
 * chosen to minimise the cross-entropy of the probabilities inference reports on held-out faces.
 * Dividing every logit by the same T never reorders a face's classes, so it changes confidences
 * (and calibration) but not a single-pass prediction; with flip averaging the mean of two softmax
 * outputs can, rarely, tip a face to another class.
 */
public final class TemperatureScaling {

  /** Search range for T; a network that needs more is broken rather than miscalibrated. */
  static final double MIN_TEMPERATURE = 0.05;
  static final double MAX_TEMPERATURE = 20;

  /** The fitted temperature and what it does to cross-entropy and expected calibration error. */
  public record Fit(double temperature, double nllBefore, double nllAfter, double eceBefore, double eceAfter) {}

  private TemperatureScaling() {}

  /**
   * Fits T on {@link Validation#logits} of the faces and, when inference averages flips, of their
   * mirror images ({@code mirrored} null otherwise).
   */
  public static Fit fit(float[] plain, float[] mirrored, int[] labels) {
    if (labels.length == 0 || plain.length != labels.length * Labels.COUNT
        || (mirrored != null && mirrored.length != plain.length)) {
      throw new IllegalArgumentException("Cannot fit a temperature to " + labels.length + " labels and "
          + plain.length + " logits: need " + Labels.COUNT + " logits per labeled face, at least one face");
    }
    // Golden-section search on log T: the cross-entropy is unimodal in T for these averages.
    double lo = Math.log(MIN_TEMPERATURE);
    double hi = Math.log(MAX_TEMPERATURE);
    double ratio = (Math.sqrt(5) - 1) / 2;
    double a = hi - ratio * (hi - lo);
    double b = lo + ratio * (hi - lo);
    double fa = nll(plain, mirrored, labels, Math.exp(a));
    double fb = nll(plain, mirrored, labels, Math.exp(b));
    while (hi - lo > 1e-5) {
      if (fa < fb) {
        hi = b;
        b = a;
        fb = fa;
        a = hi - ratio * (hi - lo);
        fa = nll(plain, mirrored, labels, Math.exp(a));
      } else {
        lo = a;
        a = b;
        fa = fb;
        b = lo + ratio * (hi - lo);
        fb = nll(plain, mirrored, labels, Math.exp(b));
      }
    }
    double before = nll(plain, mirrored, labels, 1);
    double t = Math.exp((lo + hi) / 2);
    double after = nll(plain, mirrored, labels, t);
    // Keep the network's own probabilities unless the fit measurably improves them (a flat
    // cross-entropy, e.g. constant logits, would otherwise let the search drift to an edge).
    if (!(after < before - 1e-9)) {
      t = 1;
      after = before;
    }
    return new Fit(t, before, after, ece(plain, mirrored, labels, 1), ece(plain, mirrored, labels, t));
  }

  /** Mean cross-entropy of the reported probabilities at temperature {@code t}. */
  static double nll(float[] plain, float[] mirrored, int[] labels, double t) {
    double[] p = new double[Labels.COUNT];
    double[] q = new double[Labels.COUNT];
    double sum = 0;
    for (int i = 0; i < labels.length; i++) {
      probabilities(plain, mirrored, i, t, p, q);
      sum -= Math.log(Math.max(1e-12, p[labels[i]]));
    }
    return sum / labels.length;
  }

  /** Expected calibration error ({@link Calibration}, its default bins) at temperature {@code t}. */
  static double ece(float[] plain, float[] mirrored, int[] labels, double t) {
    Calibration calibration = new Calibration(Calibration.DEFAULT_BINS);
    double[] p = new double[Labels.COUNT];
    double[] q = new double[Labels.COUNT];
    for (int i = 0; i < labels.length; i++) {
      probabilities(plain, mirrored, i, t, p, q);
      int best = 0;
      for (int c = 1; c < Labels.COUNT; c++) {
        best = p[c] > p[best] ? c : best;
      }
      calibration.add(p[best], best == labels[i]);
    }
    return calibration.expectedCalibrationError();
  }

  /** The probabilities inference reports for face {@code i} into {@code p} ({@code q}: scratch). */
  private static void probabilities(float[] plain, float[] mirrored, int i, double t, double[] p, double[] q) {
    Validation.softmax(plain, i, t, p);
    if (mirrored != null) {
      Validation.softmax(mirrored, i, t, q);
      for (int c = 0; c < Labels.COUNT; c++) {
        p[c] = (p[c] + q[c]) / 2;
      }
    }
  }
}
