package io.ferspark.training;

import io.ferspark.image.Preprocessing;
import io.ferspark.labels.Labels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/** Writes a small image-folder bucket whose classes are easy to tell apart: stripes of a per-class period. */
public final class SyntheticBucket {

  private SyntheticBucket() {}

  public static Path write(Path root, int perClass, long seed) throws IOException {
    Random random = new Random(seed);
    int n = Preprocessing.SIZE;
    for (int c = 0; c < Labels.COUNT; c++) {
      Path dir = Files.createDirectories(root.resolve(Labels.name(c)));
      for (int i = 0; i < perClass; i++) {
        BufferedImage image = new BufferedImage(n, n, BufferedImage.TYPE_BYTE_GRAY);
        int period = 3 + 2 * c;
        boolean vertical = c % 2 == 0;
        for (int y = 0; y < n; y++) {
          for (int x = 0; x < n; x++) {
            int phase = (vertical ? x : y) % period < period / 2 ? 200 : 50;
            int value = Math.max(0, Math.min(255, phase + (int) (random.nextGaussian() * 20)));
            image.getRaster().setSample(x, y, 0, value);
          }
        }
        ImageIO.write(image, "png", dir.resolve("face-" + i + ".png").toFile());
      }
    }
    return root;
  }
}
