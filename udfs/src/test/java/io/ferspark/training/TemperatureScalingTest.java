package io.ferspark.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferspark.labels.Labels;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TemperatureScalingTest {

  /**
   * Faces whose labels are drawn from softmax(z): z is calibrated by construction, so logits of
   * {@code scale} * z need T = scale to be calibrated again.
   */
  private record Sample(float[] logits, int[] labels) {}

  private static Sample sample(int n, double scale, long seed) {
    Random random = new Random(seed);
    float[] logits = new float[n * Labels.COUNT];
    int[] labels = new int[n];
    double[] p = new double[Labels.COUNT];
    for (int i = 0; i < n; i++) {
      double sum = 0;
      double[] z = new double[Labels.COUNT];
      for (int c = 0; c < Labels.COUNT; c++) {
        z[c] = 1.5 * random.nextGaussian();
        p[c] = Math.exp(z[c]);
        sum += p[c];
      }
      double u = random.nextDouble() * sum;
      int label = 0;
      for (double acc = p[0]; acc < u && label < Labels.COUNT - 1; acc += p[++label]) {}
      labels[i] = label;
      for (int c = 0; c < Labels.COUNT; c++) {
        logits[i * Labels.COUNT + c] = (float) (scale * z[c]);
      }
    }
    return new Sample(logits, labels);
  }

  @Test
  void recoversTheTemperatureThatCalibratesOverconfidentLogits() {
    Sample s = sample(20_000, 3, 7);
    TemperatureScaling.Fit fit = TemperatureScaling.fit(s.logits(), null, s.labels());
    assertEquals(3, fit.temperature(), 0.15);
    assertTrue(fit.nllAfter() < fit.nllBefore() - 0.1, fit.toString());
    assertTrue(fit.eceAfter() < 0.02 && fit.eceBefore() > 0.1, fit.toString());
  }

  @Test
  void recoversAnUnderconfidentOneToo() {
    Sample s = sample(20_000, 0.5, 8);
    TemperatureScaling.Fit fit = TemperatureScaling.fit(s.logits(), null, s.labels());
    assertEquals(0.5, fit.temperature(), 0.04);
    assertTrue(fit.eceAfter() < fit.eceBefore(), fit.toString());
  }

  @Test
  void leavesCalibratedLogitsAlmostAlone() {
    Sample s = sample(20_000, 1, 9);
    TemperatureScaling.Fit fit = TemperatureScaling.fit(s.logits(), s.logits(), s.labels());
    assertEquals(1, fit.temperature(), 0.06);
    assertTrue(fit.nllAfter() <= fit.nllBefore());
  }

  @Test
  void refusesLogitsThatDoNotFitTheLabels() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TemperatureScaling.fit(new float[10], null, new int[2]));
    assertTrue(e.getMessage().contains("7 logits per labeled face"), e.getMessage());
  }
}
