package io.ferspark.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferspark.image.ImageDecodeException;
import io.ferspark.image.ImageDecoder;
import io.ferspark.image.Preprocessing;
import io.ferspark.labels.Labels;
import io.ferspark.testing.TestData;
import io.ferspark.testing.TestImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchLabelerTest {

  @TempDir
  static Path tmp;

  static ExpressionModel model;

  @BeforeAll
  static void loadModel() throws Exception {
    model = ModelHolder.acquire(TestData.initializedModel(tmp.resolve("m"), TestData.TINY, 201));
  }

  /** File i: every 7th is text, every 11th empty, the rest faces of varying class and size. */
  private static ImageFile file(int i) {
    if (i % 7 == 3) {
      return ImageFile.of("f" + i + ".jpg", TestImages.text("not an image " + i));
    }
    if (i % 11 == 5) {
      return ImageFile.of("f" + i + ".png", new byte[0]);
    }
    return ImageFile.of("f" + i + ".png", TestImages.encode(TestImages.face(i % Labels.COUNT, 48 + (i % 3) * 16, i), "png"));
  }

  @Test
  void streamsInConstantMemoryWithOneRowPerFile() {
    int total = 300;
    int batch = 16;
    int[] pulled = {0};
    int maxAhead = 0;
    Iterator<ImageFile> files = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return pulled[0] < total;
      }

      @Override
      public ImageFile next() {
        return file(pulled[0]++);
      }
    };
    List<String> paths = new ArrayList<>();
    int errors = 0;
    try (ExpressionPredictor predictor = model.newPredictor()) {
      BatchLabeler labeler = new BatchLabeler(files, new ImageDecoder(), predictor, batch);
      while (labeler.hasNext()) {
        LabeledFile out = labeler.next();
        paths.add(out.path());
        maxAhead = Math.max(maxAhead, pulled[0] - paths.size());
        if (!out.ok()) {
          errors++;
          assertNotNull(out.errorReason());
          assertNull(out.width());
        } else {
          assertEquals(out.prediction().label(), Labels.name(out.prediction().labelIndex()));
        }
      }
    }
    assertEquals(total, paths.size());
    assertEquals(total, paths.stream().distinct().count(), "no file lost or duplicated");
    assertTrue(maxAhead <= batch, "the labeler ran " + maxAhead + " files ahead of its output (batch " + batch + ")");
    long expectedErrors = java.util.stream.IntStream.range(0, total).filter(i -> i % 7 == 3 || i % 11 == 5).count();
    assertEquals(expectedErrors, errors);
  }

  @Test
  void batchingDoesNotChangePredictions() throws Exception {
    List<ImageFile> files = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      files.add(file(i));
    }
    List<LabeledFile> one = label(files, 1);
    List<LabeledFile> many = label(files, 13);
    assertEquals(one.size(), many.size());
    java.util.Map<String, LabeledFile> byPath = new java.util.HashMap<>();
    many.forEach(f -> byPath.put(f.path(), f));
    for (LabeledFile a : one) {
      LabeledFile b = byPath.get(a.path());
      assertEquals(a.error(), b.error());
      if (a.ok()) {
        assertEquals(a.prediction().labelIndex(), b.prediction().labelIndex());
        assertArrayEquals(a.prediction().probabilities(), b.prediction().probabilities(), 1e-5f);
      }
    }
  }

  @Test
  void labelsEqualTheDirectLibraryPath() throws Exception {
    ImageFile face = file(1);
    float[] input = Preprocessing.toModelInput(new ImageDecoder().decode(face.content()));
    try (ExpressionPredictor predictor = model.newPredictor()) {
      Prediction direct = predictor.predict(List.of(input)).get(0);
      LabeledFile viaLabeler = label(List.of(face), 8).get(0);
      assertArrayEquals(direct.probabilities(), viaLabeler.prediction().probabilities(), 1e-6f);
      float sum = 0;
      for (float p : direct.probabilities()) {
        sum += p;
      }
      assertEquals(1f, sum, 1e-4f);
    }
  }

  @Test
  void errorRowsCarryTheDecoderReason() {
    List<LabeledFile> out = label(List.of(ImageFile.of("empty.png", new byte[0]),
        ImageFile.failed("gone.jpg", 10L, ImageFile.UNREADABLE, "FileNotFoundException: gone.jpg")), 4);
    assertEquals(ImageDecodeException.EMPTY, out.get(0).errorReason());
    assertEquals(ImageFile.UNREADABLE, out.get(1).errorReason());
    assertEquals(10L, out.get(1).fileSize());
  }

  private static List<LabeledFile> label(List<ImageFile> files, int batch) {
    List<LabeledFile> out = new ArrayList<>();
    try (ExpressionPredictor predictor = model.newPredictor()) {
      new BatchLabeler(files.iterator(), new ImageDecoder(), predictor, batch).forEachRemaining(out::add);
    }
    return out;
  }
}
