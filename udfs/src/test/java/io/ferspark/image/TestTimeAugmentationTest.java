package io.ferspark.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestTimeAugmentationTest {

  private static final int S = Preprocessing.SIZE;

  /** A face whose every pixel is distinct: value = 100 * y + x. */
  private static float[] ramp() {
    float[] face = new float[Preprocessing.PIXELS];
    for (int y = 0; y < S; y++) {
      for (int x = 0; x < S; x++) {
        face[y * S + x] = 100 * y + x;
      }
    }
    return face;
  }

  private static float[] view(TestTimeAugmentation tta, int v) {
    float[] out = new float[Preprocessing.PIXELS + 3];
    tta.writeView(ramp(), v, out, 3); // at an offset, as inside a batch
    float[] view = new float[Preprocessing.PIXELS];
    System.arraycopy(out, 3, view, 0, view.length);
    return view;
  }

  @Test
  void namesParseAndCountTheirViews() {
    assertSame(TestTimeAugmentation.NONE, TestTimeAugmentation.of("none"));
    assertSame(TestTimeAugmentation.FLIP, TestTimeAugmentation.of("flip"));
    assertSame(TestTimeAugmentation.SHIFT_FLIP, TestTimeAugmentation.of("shift-flip"));
    assertEquals(List.of(1, 2, 10), List.of(TestTimeAugmentation.NONE.views(), TestTimeAugmentation.FLIP.views(),
        TestTimeAugmentation.SHIFT_FLIP.views()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TestTimeAugmentation.of("ten-crop"));
    assertTrue(e.getMessage().contains("ten-crop") && e.getMessage().contains("none, flip, shift-flip"), e.getMessage());
  }

  @Test
  void viewZeroIsTheFaceAndFlipsSecondViewIsItsMirror() {
    assertArrayEquals(ramp(), view(TestTimeAugmentation.NONE, 0));
    assertArrayEquals(ramp(), view(TestTimeAugmentation.SHIFT_FLIP, 0));
    float[] mirror = view(TestTimeAugmentation.FLIP, 1);
    assertEquals(47, mirror[0]);
    assertEquals(100 * 5 + 47 - 9, mirror[5 * S + 9]);
  }

  @Test
  void shiftedViewsMoveTwoPixelsAndRepeatTheEdge() {
    float[] down = view(TestTimeAugmentation.SHIFT_FLIP, 2); // shift (dy 2, dx 0), not mirrored
    assertEquals(100 * 7 + 9, down[5 * S + 9]);
    assertEquals(100 * 47 + 9, down[46 * S + 9], "rows past the edge repeat the last row");
    float[] leftMirrored = view(TestTimeAugmentation.SHIFT_FLIP, 7); // shift (0, dx 2), mirrored
    assertEquals(100 * 5 + Math.min(47, 47 - 9 + 2), leftMirrored[5 * S + 9]);
    assertEquals(100 * 5 + 47, leftMirrored[5 * S + 1], "columns past the edge repeat the last column");

    Set<List<Float>> distinct = new HashSet<>();
    for (int v = 0; v < TestTimeAugmentation.SHIFT_FLIP.views(); v++) {
      float[] f = view(TestTimeAugmentation.SHIFT_FLIP, v);
      distinct.add(List.of(f[0], f[S + 1], f[20 * S + 30], f[47 * S + 47]));
    }
    assertEquals(10, distinct.size(), "ten different views");
  }
}
