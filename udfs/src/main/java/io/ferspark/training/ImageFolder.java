package io.ferspark.training;

import io.ferspark.image.GrayImage;
import io.ferspark.image.ImageDecodeException;
import io.ferspark.image.ImageDecoder;
import io.ferspark.image.ImageFormats;
import io.ferspark.image.Preprocessing;
import io.ferspark.labels.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image-folder bucket ({@code <root>/<class>/<file>}) decoded once into memory as resized
 * {@link Preprocessing#SIZE}-pixel faces (one byte per pixel: 28,709 faces take 66 MB), through the
 * same decoder and resize the labeling job uses. Folder names must be known classes; files that are
 * not images are skipped with a warning and counted.
 */
public final class ImageFolder {

  private static final Logger LOG = LoggerFactory.getLogger(ImageFolder.class);

  private final Path root;
  private final byte[] pixels;
  private final int[] labels;
  private final int[] classCounts;
  private final int skipped;

  private ImageFolder(Path root, byte[] pixels, int[] labels, int[] classCounts, int skipped) {
    this.root = root;
    this.pixels = pixels;
    this.labels = labels;
    this.classCounts = classCounts;
    this.skipped = skipped;
  }

  /** Reads every image under {@code root}; {@code limit} > 0 keeps at most that many per class (smoke runs). */
  public static ImageFolder load(Path root, int limit) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("Image folder " + root + " does not exist or is not a directory");
    }
    List<Path> classDirs;
    try (Stream<Path> entries = Files.list(root)) {
      classDirs = entries.filter(Files::isDirectory).sorted().toList();
    }
    for (Path dir : classDirs) {
      if (Labels.find(dir.getFileName().toString()) < 0) {
        throw new IllegalArgumentException("Folder '" + dir.getFileName() + "' in " + root
            + " is not a known class: class folders must be named one of " + Labels.NAMES);
      }
    }
    if (classDirs.isEmpty()) {
      throw new IllegalArgumentException("Image folder " + root + " has no class folders: expected <root>/<class>/<image> with classes "
          + Labels.NAMES);
    }
    ImageDecoder decoder = new ImageDecoder();
    List<byte[]> faces = new ArrayList<>();
    List<Integer> faceLabels = new ArrayList<>();
    int[] counts = new int[Labels.COUNT];
    int skipped = 0;
    long start = System.nanoTime();
    for (Path dir : classDirs) {
      int label = Labels.indexOf(dir.getFileName().toString());
      List<Path> files;
      try (Stream<Path> walk = Files.walk(dir)) {
        files = walk.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path file : files) {
        if (limit > 0 && counts[label] >= limit) {
          break;
        }
        if (!ImageFormats.isImageName(file.getFileName().toString())) {
          LOG.warn("Skipping {}: not an image file (expected one of {})", file, ImageFormats.EXTENSIONS);
          skipped++;
          continue;
        }
        try {
          GrayImage image = decoder.decode(Files.readAllBytes(file));
          faces.add(toBytes(Preprocessing.resize(image)));
          faceLabels.add(label);
          counts[label]++;
        } catch (ImageDecodeException e) {
          LOG.warn("Skipping {}: {} ({})", file, e.getMessage(), e.reason());
          skipped++;
        }
      }
    }
    byte[] pixels = new byte[faces.size() * Preprocessing.PIXELS];
    for (int i = 0; i < faces.size(); i++) {
      System.arraycopy(faces.get(i), 0, pixels, i * Preprocessing.PIXELS, Preprocessing.PIXELS);
    }
    int[] labels = faceLabels.stream().mapToInt(Integer::intValue).toArray();
    LOG.info("Read {} images from {} in {} ms ({} skipped); per class {}", labels.length, root,
        (System.nanoTime() - start) / 1_000_000, skipped, perClass(counts));
    return new ImageFolder(root, pixels, labels, counts, skipped);
  }

  private static byte[] toBytes(float[] values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) Math.max(0, Math.min(255, Math.round(values[i])));
    }
    return out;
  }

  static String perClass(int[] counts) {
    StringBuilder text = new StringBuilder();
    for (int c = 0; c < counts.length; c++) {
      text.append(c == 0 ? "" : ", ").append(Labels.name(c)).append('=').append(counts[c]);
    }
    return text.toString();
  }

  public Path root() {
    return root;
  }

  public int size() {
    return labels.length;
  }

  public int label(int index) {
    return labels[index];
  }

  /** Every image's label index, in image order (a copy). */
  public int[] labels() {
    return labels.clone();
  }

  /** Copies face {@code index} as 0..255 floats into {@code out} at {@code offset}. */
  public void copyFace(int index, float[] out, int offset) {
    int base = index * Preprocessing.PIXELS;
    for (int i = 0; i < Preprocessing.PIXELS; i++) {
      out[offset + i] = pixels[base + i] & 0xFF;
    }
  }

  /** Images read per class, in label order. */
  public int[] classCounts() {
    return classCounts.clone();
  }

  /** Files skipped because they were not images or could not be decoded. */
  public int skipped() {
    return skipped;
  }
}
