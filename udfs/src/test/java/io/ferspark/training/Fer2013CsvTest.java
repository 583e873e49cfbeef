package io.ferspark.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferspark.image.GrayImage;
import io.ferspark.image.ImageDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Fer2013CsvTest {

  @TempDir Path tmp;

  private static String pixels(int seed) {
    return IntStream.range(0, 2304).mapToObj(i -> Integer.toString((i * seed) % 256)).collect(Collectors.joining(" "));
  }

  @Test
  void writesEachRowIntoItsSplitAndClassWithTheCsvCodesMapped() throws Exception {
    Path csv = tmp.resolve("fer2013.csv");
    Files.writeString(csv, "emotion,pixels,Usage\n"
        + "4," + pixels(3) + ",Training\n" // 4 = sad in the CSV's order
        + "6," + pixels(5) + ",PublicTest\n" // 6 = neutral
        + "0," + pixels(7) + ",PrivateTest\n");

    Map<String, Integer> written = Fer2013Csv.convert(csv, tmp.resolve("bucket"), "png");

    assertEquals(Map.of("train", 1, "val", 1, "test", 1), written);
    Path sad = tmp.resolve("bucket/train/sad/Training_1.png");
    assertTrue(Files.isRegularFile(tmp.resolve("bucket/val/neutral/PublicTest_2.png")));
    assertTrue(Files.isRegularFile(tmp.resolve("bucket/test/angry/PrivateTest_3.png")));
    GrayImage image = new ImageDecoder().decode(Files.readAllBytes(sad));
    assertEquals(48, image.width());
    assertEquals((100 * 3) % 256, image.at(100 % 48, 100 / 48), "PNG keeps the pixel values exactly");
    assertEquals(1, ImageFolder.load(tmp.resolve("bucket/train"), 0).size());
  }

  @Test
  void rejectsRowsThatAreNotFaces() throws Exception {
    Path csv = tmp.resolve("short.csv");
    Files.writeString(csv, "emotion,pixels,Usage\n3,1 2 3,Training\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Fer2013Csv.convert(csv, tmp.resolve("out"), "png"));
    assertTrue(e.getMessage().contains("row 1") && e.getMessage().contains("2304"), e.getMessage());
    Path other = tmp.resolve("other.csv");
    Files.writeString(other, "a,b\n1,2\n");
    assertThrows(IllegalArgumentException.class, () -> Fer2013Csv.convert(other, tmp.resolve("out"), "png"));
  }
}
