package io.ferspark.image;

/** Walks a JPEG's header segments, up to the start of scan, for the readers of its metadata. */
final class JpegSegments {

  /** Accepts a segment by its marker and its payload (the bytes after the 2-byte length). */
  interface Match {
    boolean test(int marker, int payload, int payloadLength);
  }

  private JpegSegments() {}

  /** Offset of the payload of the first header segment that {@code match} accepts, or -1 (none, or not a JPEG). */
  static int find(byte[] jpeg, Match match) {
    if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
      return -1;
    }
    int i = 2;
    while (i + 4 <= jpeg.length) {
      if ((jpeg[i] & 0xFF) != 0xFF) {
        return -1;
      }
      int marker = jpeg[i + 1] & 0xFF;
      if (marker == 0xFF) { // fill byte
        i++;
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) { // start of scan / end of image: no more headers
        return -1;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // markers without a length
        i += 2;
        continue;
      }
      int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
      if (match.test(marker, i + 4, length - 2)) {
        return i + 4;
      }
      i += 2 + length;
    }
    return -1;
  }
}
