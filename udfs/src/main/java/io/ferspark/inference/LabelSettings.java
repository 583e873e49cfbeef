package io.ferspark.inference;

import io.ferspark.image.ImageDecoder;
import io.ferspark.image.TestTimeAugmentation;
import java.io.Serializable;

/**
 * Tuning of the labeling step.
 *
 * @param batchSize    faces per forward pass
 * @param maxPixels    images with more pixels than this are refused (decompression-bomb guard)
 * @param maxFileBytes files larger than this are refused without being read
 * @param tta          test-time augmentation to label with instead of the model's own; null = the model's
 */
public record LabelSettings(int batchSize, long maxPixels, long maxFileBytes, TestTimeAugmentation tta)
    implements Serializable {

  public static final int BATCH_SIZE_DEFAULT = 64;
  public static final long MAX_PIXELS_DEFAULT = ImageDecoder.DEFAULT_MAX_PIXELS;
  public static final long MAX_FILE_BYTES_DEFAULT = 64L * 1024 * 1024;

  public static final LabelSettings DEFAULTS =
      new LabelSettings(BATCH_SIZE_DEFAULT, MAX_PIXELS_DEFAULT, MAX_FILE_BYTES_DEFAULT, null);

  public LabelSettings {
    if (batchSize < 1 || batchSize > 4096) {
      throw new IllegalArgumentException("Cannot set batch size to " + batchSize + ": use 1..4096");
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("Cannot set max pixels to " + maxPixels + ": it must be positive");
    }
    if (maxFileBytes < 1 || maxFileBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("Cannot set max file bytes to " + maxFileBytes + ": use 1.." + (Integer.MAX_VALUE - 8));
    }
  }

  public LabelSettings withBatchSize(int size) {
    return new LabelSettings(size, maxPixels, maxFileBytes, tta);
  }
}
