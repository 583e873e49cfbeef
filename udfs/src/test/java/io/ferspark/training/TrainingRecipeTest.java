package io.ferspark.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferspark.testing.TestData;
import org.junit.jupiter.api.Test;

class TrainingRecipeTest {

  private static final int PER_EPOCH = 10;

  private static TrainingRecipe recipe(int epochs, float warmup, int cycleEpochs) {
    return new TrainingRecipe(TestData.TINY, epochs, 8, 0.1f, 0.9f, 0f, warmup, 0f, 0f, 0f, cycleEpochs,
        Augmentation.NONE, 1);
  }

  @Test
  void warmsUpLinearlyThenDecaysByOneCosineToZero() {
    TrainingRecipe r = recipe(20, 2, 0);
    int total = 20 * PER_EPOCH;
    assertEquals(0.1f / 20, r.learningRateAt(0, total, PER_EPOCH), 1e-7);
    assertEquals(0.1f, r.learningRateAt(19, total, PER_EPOCH), 1e-6);
    assertEquals(0.05f, r.learningRateAt(20 + 90, total, PER_EPOCH), 1e-6); // half-way through the decay
    assertTrue(r.learningRateAt(total - 1, total, PER_EPOCH) < 1e-4);
    for (int u = 21; u < total; u++) {
      assertTrue(r.learningRateAt(u, total, PER_EPOCH) <= r.learningRateAt(u - 1, total, PER_EPOCH), "monotone at " + u);
    }
  }

  @Test
  void cyclesRestartTheCosineEveryNEpochsAndEndEachAtZero() {
    TrainingRecipe r = recipe(30, 0, 5);
    int total = 30 * PER_EPOCH;
    int cycle = 5 * PER_EPOCH;
    for (int start = 0; start < total; start += cycle) {
      assertTrue(r.learningRateAt(start, total, PER_EPOCH) > 0.099f, "a cycle starts at the peak: " + start);
      assertEquals(0f, r.learningRateAt(start + cycle - 1, total, PER_EPOCH), 1e-7, "a cycle ends at 0: " + start);
      assertEquals(r.learningRateAt(7, total, PER_EPOCH), r.learningRateAt(start + 7, total, PER_EPOCH), 1e-7);
    }
    assertTrue(r.describe().get("schedule").toString().contains("every 5 epochs"), r.describe().toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> recipe(30, 0, -1));
    assertTrue(e.getMessage().contains("cycle epochs"), e.getMessage());
  }
}
