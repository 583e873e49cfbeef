package io.ferspark.training;

import io.ferspark.image.Preprocessing;
import io.ferspark.labels.Labels;
import java.util.Random;

/** Mixup (Zhang et al., 2018): each sample is blended with another of the batch, targets and weights alike. */
final class Mixup {

  private Mixup() {}

  /** Blends row i with row {@code partner[i]} (a random pairing) with weight {@code lambda} on row i. */
  static void apply(float[] inputs, float[] targets, float[] weights, int batch, float lambda, Random random) {
    int[] partner = new int[batch];
    for (int i = 0; i < batch; i++) {
      partner[i] = random.nextInt(batch);
    }
    float[] x = inputs.clone();
    float[] y = targets.clone();
    float[] w = weights.clone();
    for (int i = 0; i < batch; i++) {
      int j = partner[i];
      for (int k = 0; k < Preprocessing.PIXELS; k++) {
        inputs[i * Preprocessing.PIXELS + k] = lambda * x[i * Preprocessing.PIXELS + k] + (1 - lambda) * x[j * Preprocessing.PIXELS + k];
      }
      for (int c = 0; c < Labels.COUNT; c++) {
        targets[i * Labels.COUNT + c] = lambda * y[i * Labels.COUNT + c] + (1 - lambda) * y[j * Labels.COUNT + c];
      }
      weights[i] = lambda * w[i] + (1 - lambda) * w[j];
    }
  }

  /** A Beta(alpha, alpha) draw via two Gamma(alpha) draws (Marsaglia and Tsang). */
  static double sampleBeta(double alpha, Random random) {
    double a = sampleGamma(alpha, random);
    double b = sampleGamma(alpha, random);
    return a + b == 0 ? 0.5 : a / (a + b);
  }

  private static double sampleGamma(double shape, Random random) {
    if (shape < 1) {
      return sampleGamma(shape + 1, random) * Math.pow(random.nextDouble(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double z = random.nextGaussian();
      double v = Math.pow(1 + c * z, 3);
      if (v > 0 && Math.log(random.nextDouble()) < 0.5 * z * z + d - d * v + Math.log(v)) {
        return d * v;
      }
    }
  }
}
