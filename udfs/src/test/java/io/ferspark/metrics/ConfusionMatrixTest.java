package io.ferspark.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

  private static final int ANGRY = 0;
  private static final int DISGUST = 1;
  private static final int FEAR = 2;
  private static final int HAPPY = 3;
  private static final int NEUTRAL = 4;
  private static final int SAD = 5;
  private static final int SURPRISE = 6;
  private static final double EPS = 1e-12;

  /**
   * 10 images: angry 3 right + 1 as fear; fear 1 right + 1 as sad; happy 3 right; neutral 1 as happy.
   * disgust and surprise are empty and never predicted, neutral is never predicted, sad has no support
   * but is predicted once.
   */
  private static ConfusionMatrix mixed() {
    ConfusionMatrix m = ConfusionMatrix.empty();
    m.add(ANGRY, ANGRY, 3);
    m.add(ANGRY, FEAR, 1);
    m.add(FEAR, FEAR, 1);
    m.add(FEAR, SAD, 1);
    m.add(HAPPY, HAPPY, 3);
    m.add(NEUTRAL, HAPPY, 1);
    return m;
  }

  @Test
  void mixedMatrixScores() {
    ConfusionMatrix m = mixed();
    assertEquals(10, m.total());
    assertEquals(7, m.correct());
    assertEquals(0.7, m.accuracy(), EPS);

    assertEquals(1.0, m.precision(ANGRY), EPS);
    assertEquals(0.75, m.recall(ANGRY), EPS);
    assertEquals(6.0 / 7, m.f1(ANGRY), EPS);
    assertEquals(0.5, m.precision(FEAR), EPS);
    assertEquals(0.5, m.recall(FEAR), EPS);
    assertEquals(0.5, m.f1(FEAR), EPS);
    assertEquals(0.75, m.precision(HAPPY), EPS);
    assertEquals(1.0, m.recall(HAPPY), EPS);
    assertEquals(6.0 / 7, m.f1(HAPPY), EPS);
    assertEquals(4, m.predicted(HAPPY));
  }

  @Test
  void classNeverPredictedAndClassWithoutSupportScoreZero() {
    ConfusionMatrix m = mixed();
    // neutral: support 1, never predicted -> precision undefined (0), recall 0, F1 0
    assertEquals(1, m.support(NEUTRAL));
    assertEquals(0, m.predicted(NEUTRAL));
    assertEquals(0.0, m.precision(NEUTRAL));
    assertEquals(0.0, m.f1(NEUTRAL));
    // sad: no support, predicted once (wrongly)
    assertEquals(0, m.support(SAD));
    assertEquals(0.0, m.precision(SAD));
    assertEquals(0.0, m.recall(SAD));
    assertTrue(m.present(SAD));
    // disgust: empty class, never predicted -> left out of the macro average
    assertEquals(0, m.support(DISGUST));
    assertFalse(m.present(DISGUST));
    assertFalse(m.present(SURPRISE));
  }

  @Test
  void averagesAndKappa() {
    ConfusionMatrix m = mixed();
    // present classes: angry, fear, happy, neutral, sad
    assertEquals((6.0 / 7 + 0.5 + 6.0 / 7 + 0 + 0) / 5, m.macroF1(), EPS);
    assertEquals((6.0 / 7 * 4 + 0.5 * 2 + 6.0 / 7 * 3) / 10, m.weightedF1(), EPS);
    // chance agreement: (4*3 + 2*2 + 3*4 + 1*0 + 0*1) / 100 = 0.28
    assertEquals((0.7 - 0.28) / (1 - 0.28), m.cohensKappa(), EPS);
  }

  @Test
  void rowNormalisedAndMostConfused() {
    ConfusionMatrix m = mixed();
    double[][] rates = m.rowNormalised();
    assertArrayEquals(new double[] {0.75, 0, 0.25, 0, 0, 0, 0}, rates[ANGRY], EPS);
    assertArrayEquals(new double[7], rates[DISGUST], EPS);
    assertArrayEquals(new double[] {0, 0, 0, 1, 0, 0, 0}, rates[NEUTRAL], EPS);

    List<ConfusedPair> pairs = m.mostConfused(5);
    assertEquals(3, pairs.size());
    assertEquals(new ConfusedPair(ANGRY, FEAR, "angry", "fear", 1, 0.25), pairs.get(0));
    assertEquals(new ConfusedPair(FEAR, SAD, "fear", "sad", 1, 0.5), pairs.get(1));
    assertEquals(new ConfusedPair(NEUTRAL, HAPPY, "neutral", "happy", 1, 1.0), pairs.get(2));
    assertEquals(1, m.mostConfused(1).size());
  }

  @Test
  void mostConfusedOrdersByCount() {
    ConfusionMatrix m = mixed();
    m.add(SURPRISE, FEAR, 4);
    assertEquals("surprise", m.mostConfused(5).get(0).truth());
    assertEquals(4, m.mostConfused(5).get(0).count());
  }

  @Test
  void allRight() {
    long[][] counts = new long[7][7];
    counts[ANGRY][ANGRY] = 5;
    counts[HAPPY][HAPPY] = 2;
    counts[SURPRISE][SURPRISE] = 3;
    ConfusionMatrix m = ConfusionMatrix.of(counts);
    assertEquals(1.0, m.accuracy(), EPS);
    assertEquals(1.0, m.macroF1(), EPS);
    assertEquals(1.0, m.weightedF1(), EPS);
    assertEquals(1.0, m.cohensKappa(), EPS);
    assertTrue(m.mostConfused(5).isEmpty());
  }

  @Test
  void allWrong() {
    long[][] counts = new long[7][7];
    counts[ANGRY][HAPPY] = 2;
    counts[HAPPY][ANGRY] = 2;
    ConfusionMatrix m = ConfusionMatrix.of(counts);
    assertEquals(0.0, m.accuracy());
    assertEquals(0.0, m.macroF1());
    assertEquals(0.0, m.weightedF1());
    // observed 0, chance (2*2 + 2*2)/16 = 0.5 -> kappa -1
    assertEquals(-1.0, m.cohensKappa(), EPS);
  }

  @Test
  void emptyAndDegenerateMatricesAreUndefined() {
    ConfusionMatrix empty = ConfusionMatrix.empty();
    assertTrue(Double.isNaN(empty.accuracy()));
    assertTrue(Double.isNaN(empty.macroF1()));
    assertTrue(Double.isNaN(empty.cohensKappa()));
    ConfusionMatrix oneClass = ConfusionMatrix.empty();
    oneClass.add(HAPPY, HAPPY, 4);
    assertEquals(1.0, oneClass.accuracy());
    assertTrue(Double.isNaN(oneClass.cohensKappa()), "chance agreement is 1: kappa is undefined");
  }

  @Test
  void perClassRowsFollowLabelOrder() {
    List<ClassMetrics> rows = mixed().perClass();
    assertEquals(7, rows.size());
    assertEquals(new ClassMetrics(FEAR, "fear", 2, 2, 1, 0.5, 0.5, 0.5), rows.get(FEAR));
    assertEquals("surprise", rows.get(SURPRISE).label());
  }

  @Test
  void rejectsBadCounts() {
    assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(new long[3][3]));
    assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.empty().add(0, 1, -1));
  }
}
