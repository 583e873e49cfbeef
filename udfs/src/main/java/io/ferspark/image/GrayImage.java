package io.ferspark.image;

/**
 * A decoded 8-bit grayscale raster. {@code width}/{@code height} are the dimensions of the source
 * file; the raster itself may be smaller when the decoder subsampled a large image.
 */
public record GrayImage(int width, int height, int rasterWidth, int rasterHeight, byte[] pixels) {

  public GrayImage {
    if (pixels.length != rasterWidth * rasterHeight) {
      throw new IllegalArgumentException(
          "Raster " + rasterWidth + "x" + rasterHeight + " needs " + rasterWidth * rasterHeight
              + " pixels, got " + pixels.length);
    }
  }

  /** The pixel at (x, y) as 0..255. */
  public int at(int x, int y) {
    return pixels[y * rasterWidth + x] & 0xFF;
  }
}
