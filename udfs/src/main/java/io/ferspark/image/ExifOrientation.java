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
    if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
      return NORMAL;
    }
    int i = 2;
    while (i + 4 <= jpeg.length) {
      if ((jpeg[i] & 0xFF) != 0xFF) {
        return NORMAL;
      }
      int marker = jpeg[i + 1] & 0xFF;
      if (marker == 0xFF) { // fill byte
        i++;
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) { // start of scan / end of image: no more metadata
        return NORMAL;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // markers without a length
        i += 2;
        continue;
      }
      int length = u16(jpeg, i + 2, false);
      int start = i + 4;
      if (marker == 0xE1 && length >= 8 && start + length - 2 <= jpeg.length && isExifHeader(jpeg, start)) {
        return orientationInTiff(jpeg, start + 6, start + length - 2);
      }
      i += 2 + length;
    }
    return NORMAL;
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
