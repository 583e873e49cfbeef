package io.ferspark.image;

/**
 * The EXIF orientation of a JPEG (tag 0x0112, values 1..8) and the transform that turns a stored
 * raster upright. Cameras store pixels as the sensor saw them and record the rotation here, so a
 * portrait photo would otherwise reach the model lying on its side.
 */
public final class ExifOrientation {

  /** Stored pixels are already upright. */
  public static final int NORMAL = 1;

  private static final int TAG_ORIENTATION = 0x0112;
  private static final int TYPE_SHORT = 3;

  private ExifOrientation() {}

  /** The orientation recorded in a JPEG's APP1 Exif segment, or {@link #NORMAL} when there is none or it is unreadable. */
  public static int read(byte[] jpeg) {
    int exif = JpegSegments.find(jpeg, (marker, payload, size) ->
        marker == 0xE1 && size >= 6 && payload + size <= jpeg.length && isExifHeader(jpeg, payload));
    if (exif < 0) {
      return NORMAL;
    }
    return orientationInTiff(jpeg, exif + 6, exif + u16(jpeg, exif - 2, false) - 2);
  }

  /** The raster rotated/mirrored upright; dimensions swap for orientations 5 to 8. */
  public static GrayImage apply(GrayImage image, int orientation) {
    if (orientation <= NORMAL || orientation > 8) {
      return image;
    }
    int w = image.rasterWidth();
    int h = image.rasterHeight();
    boolean swap = orientation >= 5;
    int outW = swap ? h : w;
    int outH = swap ? w : h;
    byte[] out = new byte[outW * outH];
    for (int dy = 0; dy < outH; dy++) {
      for (int dx = 0; dx < outW; dx++) {
        int sx;
        int sy;
        switch (orientation) {
          case 2 -> { sx = w - 1 - dx; sy = dy; }
          case 3 -> { sx = w - 1 - dx; sy = h - 1 - dy; }
          case 4 -> { sx = dx; sy = h - 1 - dy; }
          case 5 -> { sx = dy; sy = dx; }
          case 6 -> { sx = dy; sy = h - 1 - dx; }
          case 7 -> { sx = w - 1 - dy; sy = h - 1 - dx; }
          default -> { sx = w - 1 - dy; sy = dx; } // 8
        }
        out[dy * outW + dx] = image.pixels()[sy * w + sx];
      }
    }
    return swap
        ? new GrayImage(image.height(), image.width(), outW, outH, out)
        : new GrayImage(image.width(), image.height(), outW, outH, out);
  }

  private static boolean isExifHeader(byte[] b, int at) {
    return b[at] == 'E' && b[at + 1] == 'x' && b[at + 2] == 'i' && b[at + 3] == 'f' && b[at + 4] == 0 && b[at + 5] == 0;
  }

  /** Looks up the orientation tag in IFD0 of the TIFF structure in [tiff, end). */
  private static int orientationInTiff(byte[] b, int tiff, int end) {
    if (tiff + 8 > end) {
      return NORMAL;
    }
    boolean little;
    if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
      little = true;
    } else if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
      little = false;
    } else {
      return NORMAL;
    }
    long ifd = u32(b, tiff + 4, little);
    if (ifd < 8 || tiff + ifd + 2 > end) {
      return NORMAL;
    }
    int entries = tiff + (int) ifd;
    int count = u16(b, entries, little);
    for (int e = 0; e < count; e++) {
      int entry = entries + 2 + 12 * e;
      if (entry + 12 > end) {
        return NORMAL;
      }
      if (u16(b, entry, little) == TAG_ORIENTATION) {
        int value = u16(b, entry + 2, little) == TYPE_SHORT ? u16(b, entry + 8, little) : NORMAL;
        return value >= 1 && value <= 8 ? value : NORMAL;
      }
    }
    return NORMAL;
  }

  private static int u16(byte[] b, int at, boolean little) {
    int hi = b[at] & 0xFF;
    int lo = b[at + 1] & 0xFF;
    return little ? (lo << 8) | hi : (hi << 8) | lo;
  }

  private static long u32(byte[] b, int at, boolean little) {
    long first = u16(b, at, little);
    long second = u16(b, at + 2, little);
    return little ? (second << 16) | first : (first << 16) | second;
  }
}
