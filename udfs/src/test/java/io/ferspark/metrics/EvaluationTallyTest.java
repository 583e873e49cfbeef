package io.ferspark.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTallyTest {

  /** A small evaluation: 6 images, 4 right; one failed and one missing image, one without truth. */
  static Evaluation sample() {
    EvaluationTally tally = new EvaluationTally(10)
        .add(3, 3, 9, 3, 2.85, 3)   // happy right, confidence 0.95
        .add(0, 0, 6, 1, 0.62, 1)   // angry right
        .add(2, 5, 4, 1, 0.41, 1)   // fear as sad, fear second
        .add(4, 3, 7, 1, 0.70, 0);  // neutral as happy, neutral not in top 2
    Coverage coverage = new Coverage(8, 1, 0, 8, 6, 1, 1, 1);
    return tally.toEvaluation(coverage, List.of("test-model@abc123"), "/tmp/predictions", "/tmp/bucket",
        "2025-01-01T00:00:00Z");
  }

  @Test
  void foldsCellsIntoMatrixCalibrationAndTop2() {
    Evaluation e = sample();
    assertEquals(6, e.count());
    assertEquals(4.0 / 6, e.accuracy(), 1e-12);
    assertEquals(5.0 / 6, e.top2Accuracy(), 1e-12);
    assertEquals(3, e.confusion().count(3, 3));
    assertEquals(1, e.confusion().count(2, 5));
    assertEquals(6, e.calibration().total());
    assertEquals(3, e.calibration().reliability().get(9).correct());
    assertEquals(0, e.calibration().reliability().get(4).correct());
    // bins: 9 -> |1 - .95|*3, 6 -> |1 - .62|, 4 -> |0 - .41|, 7 -> |0 - .70|
    assertEquals((0.05 * 3 + 0.38 + 0.41 + 0.70) / 6, e.expectedCalibrationError(), 1e-9);
  }

  @Test
  void rejectsInconsistentInput() {
    EvaluationTally tally = new EvaluationTally(10);
    assertThrows(IllegalArgumentException.class, () -> tally.add(7, 0, 0, 1, 0.5, 0));
    assertThrows(IllegalArgumentException.class, () -> tally.add(1, 1, 0, 2, 0.5, 1));
    tally.add(1, 1, 0, 2, 1.0, 2);
    Coverage wrong = new Coverage(3, 0, 0, 3, 3, 0, 0, 0);
    assertThrows(IllegalStateException.class, () -> tally.toEvaluation(wrong, List.of(), "p", "g", "t"));
  }
}
