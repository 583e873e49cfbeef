package io.ferspark.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferspark.image.ImageDecoder;
import io.ferspark.image.Preprocessing;
import io.ferspark.image.TestTimeAugmentation;
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
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 48; x++) {
        mirror[y * 48 + x] = face[y * 48 + 47 - x];
      }
    }

    ExpressionModel none = ModelHolder.acquire(plain);
    ExpressionModel flip = ModelHolder.acquire(flipped);
    assertEquals(TestTimeAugmentation.FLIP, flip.tta());
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
  void shiftFlipAveragesTenViewsAndTheLabelingRunCanOverrideIt() throws Exception {
    // The shipped model's real logits (an untrained net's activations vanish in inference mode) make the views differ.
    Path shipped = TestData.projectDir().resolve("models/fer-mobilenet-v1");
    Path plain = variant(shipped, "plain", d -> d.tta = "none");
    Path shifted = variant(shipped, "shift", d -> d.tta = "shift-flip");

    List<float[]> faces = List.of(
        Preprocessing.toModelInput(new ImageDecoder().decode(TestImages.encode(TestImages.face(1, 48, 3), "png"))),
        Preprocessing.toModelInput(new ImageDecoder().decode(TestImages.encode(TestImages.face(5, 48, 8), "png"))));
    ExpressionModel none = ModelHolder.acquire(plain);
    ExpressionModel ten = ModelHolder.acquire(shifted);
    assertEquals(TestTimeAugmentation.SHIFT_FLIP, ten.tta());
    assertEquals(Math.max(1, none.facesPerPass() / 10), ten.facesPerPass());
    try (ExpressionPredictor p = none.newPredictor(); ExpressionPredictor t = ten.newPredictor();
         ExpressionPredictor overridden = ten.newPredictor(TestTimeAugmentation.NONE)) {
      for (float[] face : faces) {
        // The ten views built here, independently of TestTimeAugmentation: shifts (dy, dx) with the
        // edge repeated, each plain and mirrored.
        List<float[]> views = new java.util.ArrayList<>();
        for (int[] shift : new int[][] {{0, 0}, {2, 0}, {-2, 0}, {0, 2}, {0, -2}}) {
          for (boolean mirrored : new boolean[] {false, true}) {
            float[] v = new float[face.length];
            for (int y = 0; y < 48; y++) {
              for (int x = 0; x < 48; x++) {
                int sy = Math.max(0, Math.min(47, y + shift[0]));
                int sx = Math.max(0, Math.min(47, (mirrored ? 47 - x : x) + shift[1]));
                v[y * 48 + x] = face[sy * 48 + sx];
              }
            }
            views.add(v);
          }
        }
        List<Prediction> each = p.predict(views);
        float[] expected = new float[7];
        for (Prediction view : each) {
          for (int c = 0; c < 7; c++) {
            expected[c] += view.probabilities()[c] / views.size();
          }
        }
        float[] averaged = t.predict(List.of(face)).get(0).probabilities();
        assertArrayEquals(expected, averaged, 1e-5f);
        assertTrue(!java.util.Arrays.equals(each.get(0).probabilities(), averaged), "the views change the answer");
        assertArrayEquals(each.get(0).probabilities(), overridden.predict(List.of(face)).get(0).probabilities(), 1e-5f,
            "--tta none labels with the face alone");
      }
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
