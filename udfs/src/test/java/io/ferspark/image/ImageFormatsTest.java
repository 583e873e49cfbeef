package io.ferspark.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageFormatsTest {

  @Test
  void globListsEveryExtensionInBothCases() {
    assertEquals("*.{jpg,jpeg,png,bmp,gif,JPG,JPEG,PNG,BMP,GIF}", ImageFormats.HADOOP_GLOB);
  }

  @Test
  void namesMatchInAnyCase() {
    assertTrue(ImageFormats.isImageName("face.JpG"));
    assertTrue(ImageFormats.isImageName("a.b.gif"));
    assertFalse(ImageFormats.isImageName("notes.txt"));
    assertFalse(ImageFormats.isImageName("jpg"));
  }
}
