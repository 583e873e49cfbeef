package io.ferspark.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

  @TempDir Path root;

  private void image(String relative, String format) throws Exception {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    ImageIO.write(new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY), format, file.toFile());
  }

  @Test
  void countsWhatItReadsAndSkipsFilesThatAreNotImages() throws Exception {
    image("angry/a.png", "png");
    image("angry/b.jpg", "jpg");
    image("happy/c.png", "png");
    Files.writeString(root.resolve("happy/notes.txt"), "not a face");
    Files.write(root.resolve("happy/broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});

    ImageFolder folder = ImageFolder.load(root, 0);

    assertEquals(3, folder.size());
    assertArrayEquals(new int[] {2, 0, 0, 1, 0, 0, 0}, folder.classCounts());
    assertEquals(2, folder.skipped(), "the text file and the damaged JPEG");
  }

  @Test
  void rejectsAFolderThatIsNotAClass() throws Exception {
    image("happy/a.png", "png");
    image("smiling/b.png", "png");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageFolder.load(root, 0));
    assertTrue(e.getMessage().contains("'smiling'") && e.getMessage().contains("surprise"), e.getMessage());
  }

  @Test
  void limitsImagesPerClass() throws Exception {
    for (int i = 0; i < 5; i++) {
      image("sad/" + i + ".png", "png");
    }
    assertEquals(2, ImageFolder.load(root, 2).size());
  }

  @Test
  void refusesAMissingOrEmptyRoot() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> ImageFolder.load(root.resolve("absent"), 0));
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> ImageFolder.load(root, 0));
    assertTrue(empty.getMessage().contains("no class folders"), empty.getMessage());
  }
}
