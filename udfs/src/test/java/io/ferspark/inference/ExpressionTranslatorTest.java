package io.ferspark.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferspark.image.ImageDecoder;
import io.ferspark.image.Preprocessing;
import io.ferspark.model.ModelDescriptor;
import io.ferspark.model.ModelDirectory;
import io.ferspark.testing.TestData;
import io.ferspark.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpressionTranslatorTest {

  @TempDir
  Path tmp;

  /** A copy of model directory {@code source} (same parameters) whose descriptor {@code change} edits. */
  private Path variant(Path source, String name, Consumer<ModelDescriptor> change) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.copy(source.resolve(ModelDirectory.PARAMS_FILE), dir.resolve(ModelDirectory.PARAMS_FILE));
    ModelDescriptor descriptor = ModelDirectory.readDescriptor(source);
    change.accept(descriptor);
    ModelDirectory.writeDescriptor(dir, descriptor);
    return dir;
  }

  @Test
  void flipAveragesTheFaceAndItsMirror() throws Exception {
    Path plain = TestData.initializedModel(tmp.resolve("plain"), TestData.TINY, 301);
    Path flipped = variant(plain, "flip", d -> d.tta = "flip");

    float[] face = Preprocessing.toModelInput(new ImageDecoder().decode(
        TestImages.encode(TestImages.face(4, 48, 9), "png")));
    float[] mirror = new float[face.length];
    ExpressionTranslator.mirror(face, mirror, 0);

    ExpressionModel none = ModelHolder.acquire(plain);
    ExpressionModel flip = ModelHolder.acquire(flipped);
    assertEquals("flip", flip.tta());
    try (ExpressionPredictor p = none.newPredictor(); ExpressionPredictor f = flip.newPredictor()) {
      List<Prediction> noneOut = p.predict(List.of(face, mirror));
      List<Prediction> flipOut = f.predict(List.of(face, mirror));
      float[] expected = new float[7];
      for (int c = 0; c < 7; c++) {
        expected[c] = (noneOut.get(0).probabilities()[c] + noneOut.get(1).probabilities()[c]) / 2;
      }
      assertArrayEquals(expected, flipOut.get(0).probabilities(), 1e-5f);
      assertArrayEquals(flipOut.get(0).probabilities(), flipOut.get(1).probabilities(), 1e-5f);
    }
  }

  @Test
  void temperatureDividesTheLogitsBeforeTheSoftmax() throws Exception {
    Path plain = TestData.initializedModel(tmp.resolve("plain"), TestData.TINY, 302);
    Path hot = variant(plain, "hot", d -> d.temperature = 2.5);

    float[] face = Preprocessing.toModelInput(new ImageDecoder().decode(
        TestImages.encode(TestImages.face(2, 48, 5), "png")));
    ExpressionModel asTrained = ModelHolder.acquire(plain);
    ExpressionModel scaled = ModelHolder.acquire(hot);
    assertEquals(2.5, scaled.temperature());
    try (ExpressionPredictor p = asTrained.newPredictor(); ExpressionPredictor s = scaled.newPredictor()) {
      float[] q = p.predict(List.of(face)).get(0).probabilities();
      float[] r = s.predict(List.of(face)).get(0).probabilities();
      // softmax(z / T) is proportional to softmax(z)^(1/T): the same classes, flatter.
      double[] expected = new double[q.length];
      double sum = 0;
      for (int c = 0; c < q.length; c++) {
        expected[c] = Math.pow(q[c], 1 / 2.5);
        sum += expected[c];
      }
      int top = 0;
      for (int c = 0; c < q.length; c++) {
        assertEquals(expected[c] / sum, r[c], 1e-5, "class " + c);
        top = q[c] > q[top] ? c : top;
      }
      assertTrue(r[top] < q[top] || q[top] < 1.0 / q.length + 1e-6, "the top probability flattens");
    }
  }
}
