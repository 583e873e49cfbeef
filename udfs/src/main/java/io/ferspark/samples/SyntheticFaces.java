package io.ferspark.samples;

import io.ferspark.labels.Labels;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.QuadCurve2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Draws simple cartoon faces, one expression per class (brows, eyes and mouth change with the
 * class), with seeded jitter. The project's sample bucket ({@code samples/faces/<class>/}) is made
 * with it, so the README's commands run on a fresh clone without any third-party images.
 */
public final class SyntheticFaces {

  private SyntheticFaces() {}

  /** A {@code size} x {@code size} grayscale face showing {@code labelIndex}'s expression. */
  public static BufferedImage draw(int labelIndex, int size, long seed) {
    Random random = new Random(seed * 31 + labelIndex);
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.scale(size / 48.0, size / 48.0);
      g.translate(jitter(random, 2), jitter(random, 2));
      g.setColor(gray(40 + random.nextInt(60)));
      g.fillRect(-4, -4, 56, 56);
      g.setColor(gray(150 + random.nextInt(60)));
      g.fill(new Ellipse2D.Double(8, 4, 32, 40));
      g.setColor(gray(30 + random.nextInt(30)));
      g.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
      drawFeatures(g, Labels.name(labelIndex), random);
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void drawFeatures(Graphics2D g, String label, Random random) {
    double eye = switch (label) {
      case "surprise", "fear" -> 3.2;
      case "angry", "disgust" -> 1.6;
      default -> 2.4;
    };
    g.fill(new Ellipse2D.Double(17 - eye / 2, 18 - eye / 2, eye, eye));
    g.fill(new Ellipse2D.Double(31 - eye / 2, 18 - eye / 2, eye, eye));
    double j = jitter(random, 0.8);
    switch (label) {
      case "angry" -> { // brows slant down to the centre, mouth a tight line
        g.draw(new Line2D.Double(13, 12 + j, 21, 15));
        g.draw(new Line2D.Double(35, 12 + j, 27, 15));
        g.draw(new Line2D.Double(19, 34, 29, 34));
      }
      case "disgust" -> { // one brow down, mouth lifted on one side
        g.draw(new Line2D.Double(13, 14, 21, 15));
        g.draw(new Line2D.Double(27, 13 + j, 35, 13));
        g.draw(new QuadCurve2D.Double(18, 34, 23, 30, 30, 32));
      }
      case "fear" -> { // brows up and together, mouth small and open
        g.draw(new Line2D.Double(13, 13, 21, 10 + j));
        g.draw(new Line2D.Double(35, 13, 27, 10 + j));
        g.fill(new Ellipse2D.Double(21, 31, 6, 4));
      }
      case "happy" -> { // relaxed brows, wide smile
        g.draw(new Line2D.Double(13, 13 + j, 21, 13));
        g.draw(new Line2D.Double(27, 13, 35, 13 + j));
        g.draw(new Arc2D.Double(15, 24, 18, 12, 200, 140, Arc2D.OPEN));
      }
      case "sad" -> { // brows raised at the centre, frown
        g.draw(new Line2D.Double(13, 14, 21, 12 + j));
        g.draw(new Line2D.Double(35, 14, 27, 12 + j));
        g.draw(new Arc2D.Double(17, 32, 14, 8, 20, 140, Arc2D.OPEN));
      }
      case "surprise" -> { // brows high, mouth a round O
        g.draw(new Arc2D.Double(13, 8 + j, 9, 5, 20, 140, Arc2D.OPEN));
        g.draw(new Arc2D.Double(26, 8 + j, 9, 5, 20, 140, Arc2D.OPEN));
        g.fill(new Ellipse2D.Double(20, 29, 8, 9));
      }
      default -> { // neutral
        g.draw(new Line2D.Double(13, 13, 21, 13 + j));
        g.draw(new Line2D.Double(27, 13 + j, 35, 13));
        g.draw(new Line2D.Double(18, 33, 30, 33));
      }
    }
  }

  private static double jitter(Random random, double amplitude) {
    return (random.nextDouble() * 2 - 1) * amplitude;
  }

  private static Color gray(int level) {
    return new Color(level, level, level);
  }

  /**
   * Writes {@code perClass} faces per class into {@code dir/<class>/}, alternating PNG and JPEG and
   * sizes 48, 64 and 96 px, so the sample bucket exercises more than one decoder path.
   */
  public static void writeBucket(Path dir, int perClass, long seed) throws IOException {
    int[] sizes = {48, 64, 96};
    for (int c = 0; c < Labels.COUNT; c++) {
      Path classDir = Files.createDirectories(dir.resolve(Labels.name(c)));
      for (int i = 0; i < perClass; i++) {
        String format = i % 2 == 0 ? "png" : "jpg";
        BufferedImage face = draw(c, sizes[i % sizes.length], seed + i);
        Path file = classDir.resolve(String.format("%s-%02d.%s", Labels.name(c), i, format));
        if (!ImageIO.write(face, format, file.toFile())) {
          throw new IOException("No ImageIO writer for " + format);
        }
      }
    }
  }

  /** {@code SyntheticFaces <dir> [perClass] [seed]}: writes a sample bucket. */
  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: SyntheticFaces <dir> [per-class, default 5] [seed, default 7]");
      System.exit(2);
    }
    int perClass = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 7;
    writeBucket(Path.of(args[0]), perClass, seed);
  }
}
