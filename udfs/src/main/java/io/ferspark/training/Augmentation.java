package io.ferspark.training;

import io.ferspark.image.Preprocessing;
import java.util.Random;

/**
 * Training-time augmentation of a {@link Preprocessing#SIZE}-pixel face: a random affine warp
 * (rotation, scale, shift; edge pixels replicated), a horizontal flip, then standardisation exactly
 * as inference does it, then random erasing of a rectangle (set to the mean). With every setting
 * at zero it reduces to {@link Preprocessing#standardize}.
 */
public record Augmentation(
    float maxRotationDegrees, float maxScale, float maxShiftPixels, float flipProbability, float eraseProbability) {

  public static final Augmentation NONE = new Augmentation(0, 0, 0, 0, 0);
  /** Defaults for 48x48 faces: +-10 degrees, +-10 % scale, +-4 px shift, mirror half, erase half. */
  public static final Augmentation DEFAULT = new Augmentation(10f, 0.10f, 4f, 0.5f, 0.5f);

  private static final int N = Preprocessing.SIZE;

  /** Writes the augmented, standardised version of {@code face} (0..255) into {@code out} at {@code offset}. */
  public void apply(float[] face, float[] out, int offset, Random random) {
    double angle = Math.toRadians(uniform(random, maxRotationDegrees));
    double scale = 1 + uniform(random, maxScale);
    double dx = uniform(random, maxShiftPixels);
    double dy = uniform(random, maxShiftPixels);
    boolean flip = random.nextFloat() < flipProbability;
    boolean identity = angle == 0 && scale == 1 && dx == 0 && dy == 0;
    // Inverse map: output pixel -> source pixel, about the image centre.
    double cos = Math.cos(angle) / scale;
    double sin = Math.sin(angle) / scale;
    double c = (N - 1) / 2.0;
    for (int y = 0; y < N; y++) {
      for (int x = 0; x < N; x++) {
        int target = offset + y * N + (flip ? N - 1 - x : x);
        if (identity) {
          out[target] = face[y * N + x];
          continue;
        }
        double u = x - c - dx;
        double v = y - c - dy;
        out[target] = bilinear(face, cos * u + sin * v + c, -sin * u + cos * v + c);
      }
    }
    Preprocessing.standardize(out, offset, Preprocessing.PIXELS);
    if (random.nextFloat() < eraseProbability) {
      erase(out, offset, random);
    }
  }

  /** Random erasing (Zhong et al., 2017): 2-25 % of the area, aspect 0.3-3.3, filled with 0 (the mean). */
  private static void erase(float[] out, int offset, Random random) {
    double area = N * N * (0.02 + random.nextDouble() * 0.23);
    double aspect = Math.exp(Math.log(0.3) + random.nextDouble() * (Math.log(3.3) - Math.log(0.3)));
    int h = (int) Math.min(N, Math.round(Math.sqrt(area * aspect)));
    int w = (int) Math.min(N, Math.round(Math.sqrt(area / aspect)));
    int y0 = random.nextInt(N - h + 1);
    int x0 = random.nextInt(N - w + 1);
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        out[offset + y * N + x] = 0f;
      }
    }
  }

  private static float bilinear(float[] face, double sx, double sy) {
    sx = Math.max(0, Math.min(N - 1, sx));
    sy = Math.max(0, Math.min(N - 1, sy));
    int x0 = (int) sx;
    int y0 = (int) sy;
    int x1 = Math.min(N - 1, x0 + 1);
    int y1 = Math.min(N - 1, y0 + 1);
    double fx = sx - x0;
    double fy = sy - y0;
    double top = face[y0 * N + x0] * (1 - fx) + face[y0 * N + x1] * fx;
    double bottom = face[y1 * N + x0] * (1 - fx) + face[y1 * N + x1] * fx;
    return (float) (top * (1 - fy) + bottom * fy);
  }

  private static double uniform(Random random, double bound) {
    return bound == 0 ? 0 : (random.nextDouble() * 2 - 1) * bound;
  }
}
