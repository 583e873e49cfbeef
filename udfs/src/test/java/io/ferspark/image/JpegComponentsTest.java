package io.ferspark.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferspark.testing.TestImages;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JpegComponentsTest {

  @Test
  void countsTheFrameHeadersComponents() {
    byte[] gray = TestImages.encode(TestImages.face(3, 48, 1), "jpg");
    assertEquals(1, JpegComponents.count(gray));
    assertEquals(3, JpegComponents.count(TestImages.encode(TestImages.rgb(TestImages.face(3, 48, 1)), "jpg")));
    assertEquals(4, JpegComponents.count(TestImages.cmykJpeg(16, 16)));
    // EXIF (APP1) before the frame header is skipped.
    assertEquals(1, JpegComponents.count(TestImages.withExifOrientation(gray, 6)));
  }

  @Test
  void anythingElseCountsZero() {
    assertEquals(0, JpegComponents.count(TestImages.encode(TestImages.face(3, 48, 1), "png")));
    assertEquals(0, JpegComponents.count(TestImages.text("not a jpeg")));
    assertEquals(0, JpegComponents.count(new byte[0]));
    byte[] gray = TestImages.encode(TestImages.face(3, 48, 1), "jpg");
    assertEquals(0, JpegComponents.count(Arrays.copyOf(gray, 4)), "cut before the frame header");
  }
}
