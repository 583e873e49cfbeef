package io.ferspark.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationTest {

  private static final double EPS = 1e-12;

  @Test
  void binsAreEqualWidthWithOneInTheLastBin() {
    assertEquals(0, Calibration.binOf(0.0, 10));
    assertEquals(0, Calibration.binOf(0.0999, 10));
    assertEquals(1, Calibration.binOf(0.1, 10));
    assertEquals(9, Calibration.binOf(0.95, 10));
    assertEquals(9, Calibration.binOf(1.0, 10));
    assertEquals(9, Calibration.binOf(1.2, 10));
    assertEquals(0, Calibration.binOf(-0.1, 10));
  }

  @Test
  void eceOfKnownPredictions() {
    Calibration c = new Calibration(10);
    // bin 9: 4 predictions at 0.95, 3 right -> |0.75 - 0.95| = 0.2, weight 4/8
    for (int i = 0; i < 4; i++) {
      c.add(0.95, i < 3);
    }
    // bin 5: 4 predictions at 0.55, 2 right -> |0.5 - 0.55| = 0.05, weight 4/8
    for (int i = 0; i < 4; i++) {
      c.add(0.55, i < 2);
    }
    assertEquals(8, c.total());
    assertEquals(0.5 * 0.2 + 0.5 * 0.05, c.expectedCalibrationError(), 1e-9);
    assertEquals(0.75, c.meanConfidence(), 1e-9);
    List<ReliabilityBin> bins = c.reliability();
    assertEquals(10, bins.size());
    assertEquals(4, bins.get(9).count());
    assertEquals(0.75, bins.get(9).accuracy(), EPS);
    assertEquals(0.95, bins.get(9).meanConfidence(), 1e-9);
    assertTrue(Double.isNaN(bins.get(0).accuracy()), "an empty bin has no accuracy");
    assertEquals(0.5, bins.get(5).lower(), EPS);
    assertEquals(0.6, bins.get(5).upper(), EPS);
  }

  @Test
  void perfectCalibrationHasZeroError() {
    Calibration c = new Calibration(Calibration.DEFAULT_BINS);
    c.add(Calibration.binOf(1.0, Calibration.DEFAULT_BINS), 5, 5.0, 5);
    assertEquals(0.0, c.expectedCalibrationError(), EPS);
    assertTrue(Double.isNaN(new Calibration(3).expectedCalibrationError()));
  }

  @Test
  void rejectsImpossibleBins() {
    assertThrows(IllegalArgumentException.class, () -> new Calibration(0));
    assertThrows(IllegalArgumentException.class, () -> new Calibration(5).add(1, 2, 1.0, 3));
  }
}
