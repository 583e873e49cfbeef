package io.ferspark.image;

import java.util.Arrays;

/**
 * The views of a face that inference averages the softmax over (test-time augmentation), each a
 * translation of the standardised model input (edges repeated) optionally mirrored left-right.
 * {@code flip} is the face and its mirror; {@code shift-flip} adds the four 2-pixel shifts up, down,
 * left and right, each also mirrored: 10 views, 5x the work of {@code flip}, the 48x48 analogue of
 * ten-crop averaging.
 */
public enum TestTimeAugmentation {
  NONE("none", new int[][] {{0, 0}}, false),
  FLIP("flip", new int[][] {{0, 0}}, true),
  SHIFT_FLIP("shift-flip", new int[][] {{0, 0}, {2, 0}, {-2, 0}, {0, 2}, {0, -2}}, true);

  private static final String NAMES = String.join(", ", Arrays.stream(values()).map(t -> t.name).toList());

  private final String name;
  /** (dy, dx) per shift: view pixel (y, x) is input pixel (y + dy, x + dx), clamped to the edge. */
  private final int[][] shifts;
  private final boolean mirrors;

  TestTimeAugmentation(String name, int[][] shifts, boolean mirrors) {
    this.name = name;
    this.shifts = shifts;
    this.mirrors = mirrors;
  }

  /** The mode a model descriptor or {@code --tta} names; fails with the accepted names. */
  public static TestTimeAugmentation of(String name) {
    for (TestTimeAugmentation t : values()) {
      if (t.name.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("Test-time augmentation '" + name + "' is not one of " + NAMES);
  }

  /** The accepted names, comma-separated, for error messages. */
  public static String names() {
    return NAMES;
  }

  /** Forward passes per face. */
  public int views() {
    return shifts.length * (mirrors ? 2 : 1);
  }

  /**
   * Writes view {@code view} (0 = the face as it is) of a {@link Preprocessing#SIZE}-square face into
   * {@code out} at {@code offset}: shift {@code view / 2}, mirrored when the view is odd (with mirroring).
   */
  public void writeView(float[] face, int view, float[] out, int offset) {
    int[] shift = shifts[mirrors ? view / 2 : view];
    boolean mirror = mirrors && view % 2 == 1;
    int size = Preprocessing.SIZE;
    for (int y = 0; y < size; y++) {
      int row = Math.max(0, Math.min(size - 1, y + shift[0])) * size;
      for (int x = 0; x < size; x++) {
        int sx = Math.max(0, Math.min(size - 1, (mirror ? size - 1 - x : x) + shift[1]));
        out[offset + y * size + x] = face[row + sx];
      }
    }
  }

  /** The model.json metric holding val accuracy under this mode. */
  public String accuracyMetric() {
    return switch (this) {
      case NONE -> "val_accuracy";
      case FLIP -> "val_accuracy_flip_tta";
      case SHIFT_FLIP -> "val_accuracy_shift_flip_tta";
    };
  }

  @Override
  public String toString() {
    return name;
  }
}
