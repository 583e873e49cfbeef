package io.ferspark.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferspark.testing.TestImages;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every format, colour model and kind of damage the labeling job must survive, decoded for real. */
class ImageDecoderFormatsTest {

  private final ImageDecoder decoder = new ImageDecoder();

  @ParameterizedTest
  @ValueSource(strings = {"png", "jpg", "bmp", "gif"})
  void decodesEachFormatToTheSameFace(String format) throws Exception {
    BufferedImage face = TestImages.face(3, 48, 1);
    GrayImage reference = decoder.decode(TestImages.encode(face, "png"));
    GrayImage decoded = decoder.decode(TestImages.encode(TestImages.rgb(face), format));
    assertEquals(48, decoded.width());
    assertEquals(48, decoded.height());
    // Lossless formats match exactly; JPEG stays close to the original pixels.
    assertTrue(meanAbsDifference(reference, decoded) < 6, format + " differs by " + meanAbsDifference(reference, decoded));
  }

  @Test
  void compositesTransparentPixelsOverWhite() throws Exception {
    GrayImage image = decoder.decode(TestImages.pngWithAlpha(20, 10));
    assertEquals(0, image.at(2, 5));
    assertEquals(255, image.at(17, 5));
  }

  @Test
  void decodesSixteenBitPng() throws Exception {
    GrayImage image = decoder.decode(TestImages.png16Bit(64, 8));
    assertEquals(64, image.width());
    assertTrue(image.at(0, 4) < 10 && image.at(63, 4) > 245, "ramp from black to white");
  }

  @Test
  void decodesCmykJpeg() throws Exception {
    GrayImage image = decoder.decode(TestImages.cmykJpeg(32, 16));
    assertEquals(32, image.width());
    assertEquals(16, image.height());
    // No ink reads as paper white; black ink alone (no C, M, Y) as a dark grey under the CMYK profile.
    assertTrue(image.at(4, 8) > 200, "no-ink half is " + image.at(4, 8));
    assertTrue(image.at(28, 8) < 110, "black-ink half is " + image.at(28, 8));
  }

  @Test
  void readsTheFirstFrameOfAnAnimatedGif() throws Exception {
    GrayImage image = decoder.decode(TestImages.twoFrameGif(16, 16));
    assertEquals(0, image.at(8, 8));
  }

  @Test
  void appliesExifOrientation() throws Exception {
    // 40x20, dark left half; orientation 6 means "rotate 90 degrees clockwise to display".
    BufferedImage image = new BufferedImage(40, 20, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 40; x++) {
        image.getRaster().setSample(x, y, 0, x < 20 ? 0 : 255);
      }
    }
    byte[] jpeg = TestImages.encode(image, "jpg");
    assertEquals(6, ExifOrientation.read(TestImages.withExifOrientation(jpeg, 6)));
    GrayImage upright = decoder.decode(TestImages.withExifOrientation(jpeg, 6));
    assertEquals(20, upright.width());
    assertEquals(40, upright.height());
    assertTrue(upright.at(10, 5) < 40, "the stored left half is now on top");
    assertTrue(upright.at(10, 35) > 215, "the stored right half is now at the bottom");
    GrayImage unrotated = decoder.decode(jpeg);
    assertEquals(40, unrotated.width());
  }

  @Test
  void everyOrientationIsAPermutationOfThePixels() {
    byte[] pixels = new byte[6];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) i;
    }
    GrayImage image = new GrayImage(3, 2, 3, 2, pixels);
    for (int o = 1; o <= 8; o++) {
      GrayImage turned = ExifOrientation.apply(image, o);
      assertEquals(o >= 5 ? 2 : 3, turned.rasterWidth());
      byte[] sorted = turned.pixels().clone();
      java.util.Arrays.sort(sorted);
      assertEquals(java.util.Arrays.toString(pixels), java.util.Arrays.toString(sorted), "orientation " + o);
    }
    assertEquals(5, ExifOrientation.apply(image, 3).at(0, 0)); // 180 degrees: bottom-right is now top-left
    assertEquals(3, ExifOrientation.apply(image, 6).at(0, 0)); // 90 clockwise: bottom-left is now top-left
    assertEquals(2, ExifOrientation.apply(image, 8).at(0, 0)); // 90 anticlockwise: top-right is now top-left
  }

  @Test
  void subsamplesLargeImagesWhileDecoding() throws Exception {
    GrayImage image = decoder.decode(TestImages.hugePng(6000, 4000));
    assertEquals(6000, image.width());
    assertEquals(4000, image.height());
    assertTrue(image.rasterHeight() < 2 * ImageDecoder.MAX_DECODED_SHORT_SIDE,
        "raster is " + image.rasterWidth() + "x" + image.rasterHeight());
  }

  @Test
  void refusesDecompressionBombsBeforeReadingPixels() {
    byte[] bomb = TestImages.hugePng(20_000, 20_000);
    assertTrue(bomb.length < 2_000_000, "the bomb is small on disk: " + bomb.length);
    ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(bomb));
    assertEquals(ImageDecodeException.TOO_LARGE, e.reason());
    assertTrue(e.getMessage().contains("20000x20000"), e.getMessage());
  }

  @Test
  void namesTheReasonForBadFiles() {
    byte[] jpeg = TestImages.encode(TestImages.rgb(TestImages.face(0, 96, 2)), "jpg");
    assertEquals(ImageDecodeException.EMPTY, reason(new byte[0]));
    assertEquals(ImageDecodeException.UNSUPPORTED, reason(TestImages.text("just some text, not a JPEG\n")));
    assertEquals(ImageDecodeException.CORRUPT, reason(TestImages.truncated(jpeg, 0.05)));
  }

  @Test
  void truncatedJpegEitherFailsOrDecodesWithoutCrashing() {
    // Readers pad a JPEG cut inside its scan data with grey; either outcome is one answer, never a crash.
    byte[] jpeg = TestImages.encode(TestImages.rgb(TestImages.face(0, 96, 2)), "jpg");
    try {
      GrayImage image = decoder.decode(TestImages.truncated(jpeg, 0.5));
      assertEquals(96, image.width());
    } catch (ImageDecodeException e) {
      assertEquals(ImageDecodeException.CORRUPT, e.reason());
    }
  }

  private String reason(byte[] bytes) {
    return assertThrows(ImageDecodeException.class, () -> decoder.decode(bytes)).reason();
  }

  private static double meanAbsDifference(GrayImage a, GrayImage b) {
    double sum = 0;
    for (int y = 0; y < a.rasterHeight(); y++) {
      for (int x = 0; x < a.rasterWidth(); x++) {
        sum += Math.abs(a.at(x, y) - b.at(x, y));
      }
    }
    return sum / (a.rasterWidth() * a.rasterHeight());
  }
}
