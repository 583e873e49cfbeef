package io.ferspark.training;

import io.ferspark.image.Preprocessing;
import io.ferspark.labels.Labels;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Converts the original FER2013 distribution, a CSV of {@code emotion,pixels,Usage} rows (2,304
 * space-separated gray values per face, emotion codes in the CSV's own order), into the image-folder
 * bucket the jobs read: {@code <out>/<split>/<class>/<Usage>_<row>.<format>}, with Training -> train,
 * PublicTest -> val and PrivateTest -> test.
 */
public final class Fer2013Csv {

  private static final Map<String, String> SPLITS = Map.of("training", "train", "publictest", "val", "privatetest", "test");

  private Fer2013Csv() {}

  /** Writes every row as an image; returns the number of images written per split. */
  public static Map<String, Integer> convert(Path csv, Path out, String format) throws IOException {
    if (!format.equals("png") && !format.equals("jpg")) {
      throw new IllegalArgumentException("Cannot set format to " + format + ": use png (lossless) or jpg");
    }
    Map<String, Integer> written = new TreeMap<>();
    try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String header = reader.readLine();
      if (header == null || !header.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT).startsWith("emotion,pixels")) {
        throw new IllegalArgumentException(csv + " is not the FER2013 CSV: expected a header 'emotion,pixels,Usage'");
      }
      String line;
      int row = 0;
      while ((line = reader.readLine()) != null) {
        row++;
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.split(",", -1);
        if (fields.length < 2) {
          throw new IllegalArgumentException(csv + " row " + row + ": expected emotion,pixels[,Usage]");
        }
        int label = Labels.fromFer2013Code(Integer.parseInt(fields[0].trim()));
        String usage = fields.length > 2 ? fields[2].trim() : "Training";
        String split = SPLITS.get(usage.toLowerCase(Locale.ROOT));
        if (split == null) {
          throw new IllegalArgumentException(csv + " row " + row + ": Usage '" + usage
              + "' is not one of Training, PublicTest, PrivateTest");
        }
        Path dir = Files.createDirectories(out.resolve(split).resolve(Labels.name(label)));
        ImageIO.write(face(fields[1], csv, row), format, dir.resolve(usage + "_" + row + "." + format).toFile());
        written.merge(split, 1, Integer::sum);
      }
    }
    return written;
  }

  private static BufferedImage face(String pixels, Path csv, int row) {
    String[] values = pixels.trim().split("\\s+");
    if (values.length != Preprocessing.PIXELS) {
      throw new IllegalArgumentException(csv + " row " + row + ": expected " + Preprocessing.PIXELS
          + " pixel values, found " + values.length);
    }
    BufferedImage image = new BufferedImage(Preprocessing.SIZE, Preprocessing.SIZE, BufferedImage.TYPE_BYTE_GRAY);
    for (int i = 0; i < values.length; i++) {
      int value = Integer.parseInt(values[i]);
      if (value < 0 || value > 255) {
        throw new IllegalArgumentException(csv + " row " + row + ": pixel value " + value + " is outside 0..255");
      }
      image.getRaster().setSample(i % Preprocessing.SIZE, i / Preprocessing.SIZE, 0, value);
    }
    return image;
  }
}
