package io.ferspark.image;

/** Reads the number of colour components from a JPEG's start-of-frame header without decoding it. */
final class JpegComponents {

  private JpegComponents() {}

  /** 1 (gray), 3 (YCbCr/RGB), 4 (CMYK/YCCK), or 0 when the bytes are not a JPEG or have no frame header. */
  static int count(byte[] jpeg) {
    // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC): precision(1) height(2) width(2) components(1)
    int frame = JpegSegments.find(jpeg, (marker, payload, size) ->
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC);
    return frame >= 0 && frame + 5 < jpeg.length ? jpeg[frame + 5] & 0xFF : 0;
  }
}
