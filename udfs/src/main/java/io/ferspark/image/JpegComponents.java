package io.ferspark.image;

/** Reads the number of colour components from a JPEG's start-of-frame header without decoding it. */
final class JpegComponents {

  private JpegComponents() {}

  /** 1 (gray), 3 (YCbCr/RGB), 4 (CMYK/YCCK), or 0 when the bytes are not a JPEG or have no frame header. */
  static int count(byte[] jpeg) {
    if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
      return 0;
    }
    int i = 2;
    while (i + 3 < jpeg.length) {
      if ((jpeg[i] & 0xFF) != 0xFF) {
        return 0;
      }
      int marker = jpeg[i + 1] & 0xFF;
      if (marker == 0xFF) { // fill byte
        i++;
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) { // start of scan / end of image before any frame header
        return 0;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // markers without a length
        i += 2;
        continue;
      }
      int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
      // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC): length(2) precision(1) height(2) width(2) components(1)
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
        return i + 9 < jpeg.length ? jpeg[i + 9] & 0xFF : 0;
      }
      i += 2 + length;
    }
    return 0;
  }
}
