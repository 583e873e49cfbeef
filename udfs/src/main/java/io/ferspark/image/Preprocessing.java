package io.ferspark.image;

/**
 * The single preprocessing path from a decoded image to the model input, shared by training and
 * inference: centre-crop to a square, box-filter resize to {@link #SIZE}x{@link #SIZE}, scale to
 * [0, 1] and standardise with the FER2013 training-set mean and standard deviation.
 */
public final class Preprocessing {

  /** Model input height and width in pixels (one grayscale channel). */
  public static final int SIZE = 48;
  /** Pixels per model input. */
  public static final int PIXELS = SIZE * SIZE;
  /** Mean of FER2013 training pixels on the [0, 1] scale. */
  public static final float MEAN = 0.508f;
  /** Standard deviation of FER2013 training pixels on the [0, 1] scale. */
  public static final float STD = 0.255f;

  private Preprocessing() {}

  /** The full path: decoded image to a standardised {@code SIZE*SIZE} input, row-major. */
  public static float[] toModelInput(GrayImage image) {
    float[] pixels = resize(image);
    standardize(pixels);
    return pixels;
  }

  /** Centre-crops to a square and resizes to SIZE x SIZE with a box filter; values stay 0..255. */
  public static float[] resize(GrayImage image) {
    int w = image.rasterWidth();
    int h = image.rasterHeight();
    int side = Math.min(w, h);
    int x0 = (w - side) / 2;
    int y0 = (h - side) / 2;
    float[] out = new float[PIXELS];
    if (side == SIZE) {
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          out[y * SIZE + x] = image.at(x0 + x, y0 + y);
        }
      }
      return out;
    }
    // Separable box filter: each output cell averages the source area it covers, with fractional
    // weights at its edges, so downscaling does not alias and upscaling degrades to nearest-area.
    double scale = (double) side / SIZE;
    float[] rows = new float[side * SIZE];
    for (int y = 0; y < side; y++) {
      for (int ox = 0; ox < SIZE; ox++) {
        rows[y * SIZE + ox] = averageRow(image, x0, y0 + y, ox * scale, (ox + 1) * scale);
      }
    }
    for (int oy = 0; oy < SIZE; oy++) {
      double from = oy * scale;
      double to = (oy + 1) * scale;
      for (int ox = 0; ox < SIZE; ox++) {
        double sum = 0;
        for (int sy = (int) from; sy < Math.min(side, Math.ceil(to)); sy++) {
          double weight = Math.min(to, sy + 1) - Math.max(from, sy);
          sum += weight * rows[sy * SIZE + ox];
        }
        out[oy * SIZE + ox] = Math.round(sum / (to - from)); // whole levels, as stored for training
      }
    }
    return out;
  }

  /** Mean of row {@code y} over the source span [x0 + from, x0 + to), with fractional edge weights. */
  private static float averageRow(GrayImage image, int x0, int y, double from, double to) {
    double sum = 0;
    int end = Math.min((int) Math.ceil(to), image.rasterWidth() - x0);
    for (int s = (int) from; s < end; s++) {
      double weight = Math.min(to, s + 1) - Math.max(from, s);
      sum += weight * image.at(x0 + s, y);
    }
    return (float) (sum / (to - from));
  }

  /** Scales 0..255 values in place to standardised model inputs. */
  public static void standardize(float[] pixels) {
    standardize(pixels, 0, pixels.length);
  }

  /** Scales {@code length} 0..255 values from {@code offset} in place to standardised model inputs. */
  public static void standardize(float[] pixels, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      pixels[i] = (pixels[i] / 255f - MEAN) / STD;
    }
  }
}
