package io.ferspark.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.ferspark.image.Preprocessing;
import io.ferspark.model.MobileNetV1;
import io.ferspark.model.ModelDirectory;
import io.ferspark.testing.TestData;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkWideningTest {

  @TempDir Path tmp;

  private static final MobileNetV1.Architecture WIDER = new MobileNetV1.Architecture(0.4f, 2, 2, 0f);

  /**
   * A TINY model with random batch norm scales and shifts, statistics measured on synthetic faces
   * (so every channel's differ and copying them matters), and a classifier large enough that its
   * logits depend on the face.
   */
  private Model narrowModel() throws Exception {
    Model model = ModelDirectory.load(TestData.initializedModel(tmp.resolve("narrow"), TestData.TINY, 7));
    Random random = new Random(11);
    for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
      NDArray a = p.getValue().getArray();
      String name = p.getKey();
      if (name.endsWith("gamma")) {
        a.set(FloatBuffer.wrap(values(a, () -> 0.5f + random.nextFloat())));
      } else if (name.endsWith("beta") || name.endsWith("bias")) {
        a.set(FloatBuffer.wrap(values(a, () -> 0.3f * (float) random.nextGaussian())));
      } else if (a.getShape().dimension() == 2) {
        a.set(FloatBuffer.wrap(values(a, () -> 0.3f * (float) random.nextGaussian())));
      }
    }
    faces = ImageFolder.load(SyntheticBucket.write(tmp.resolve("faces"), 2, 5), 0);
    BatchNormStatistics.recompute((SequentialBlock) model.getBlock(), faces, 8, model.getNDManager());
    return model;
  }

  private ImageFolder faces;

  private static float[] values(NDArray a, java.util.function.Supplier<Float> next) {
    float[] v = new float[(int) a.getShape().size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = next.get();
    }
    return v;
  }

  private static float[] logits(Model model, NDArray x, boolean training) {
    ParameterStore store = new ParameterStore(model.getNDManager(), false);
    return model.getBlock().forward(store, new NDList(x), training).singletonOrThrow().toFloatArray();
  }

  /** The synthetic faces, standardised as training and labeling do. */
  private NDArray faces(Model model) {
    float[] x = new float[faces.size() * Preprocessing.PIXELS];
    for (int i = 0; i < faces.size(); i++) {
      faces.copyFace(i, x, i * Preprocessing.PIXELS);
    }
    Preprocessing.standardize(x, 0, x.length);
    return model.getNDManager().create(x, new Shape(faces.size(), 1, Preprocessing.SIZE, Preprocessing.SIZE));
  }

  @Test
  void widenedNetworkComputesTheSameLogitsInInferenceAndTrainingMode() throws Exception {
    try (Model narrow = narrowModel();
        Model wide = NetworkWidening.widen(narrow, TestData.TINY, WIDER, 0f, 1)) {
      assertTrue(wide.getBlock().getParameters().get(0).getValue().getArray().getShape().get(0)
          > narrow.getBlock().getParameters().get(0).getValue().getArray().getShape().get(0), "the stem should have more channels");
      NDArray x = faces(narrow);
      float[] expected = logits(narrow, x, false);
      float tolerance = 1e-5f * scale(expected);
      assertArrayEquals(expected, logits(wide, x.duplicate(), false), tolerance);
      // Training mode normalises with the batch's own statistics: copies of a channel share them too.
      assertArrayEquals(logits(narrow, x, true), logits(wide, x.duplicate(), true), tolerance);
      assertTrue(spreadAcrossFaces(expected) > 0.01, "logits should depend on the face: spread " + spreadAcrossFaces(expected));
    }
  }

  @Test
  void noiseSeparatesTheCopiesWhileKeepingThePredictionsClose() throws Exception {
    try (Model narrow = narrowModel();
        Model exact = NetworkWidening.widen(narrow, TestData.TINY, WIDER, 0f, 1);
        Model noisy = NetworkWidening.widen(narrow, TestData.TINY, WIDER, 0.002f, 1)) {
      float[] exactStem = exact.getBlock().getParameters().get(0).getValue().getArray().toFloatArray();
      float[] noisyStem = noisy.getBlock().getParameters().get(0).getValue().getArray().toFloatArray();
      int narrowValues = (int) narrow.getBlock().getParameters().get(0).getValue().getArray().getShape().size();
      // The original channels are kept as they were; only the copies move.
      assertArrayEquals(Arrays.copyOf(exactStem, narrowValues), Arrays.copyOf(noisyStem, narrowValues), 0f);
      assertNotEquals(Arrays.toString(exactStem), Arrays.toString(noisyStem));

      NDArray x = faces(narrow);
      float[] a = logits(exact, x, false);
      float[] b = logits(noisy, x.duplicate(), false);
      double diff = 0;
      for (int i = 0; i < a.length; i++) {
        diff = Math.max(diff, Math.abs(a[i] - b[i]));
      }
      assertTrue(diff > 0 && diff < 0.05 * scale(a), "noisy logits moved by " + diff + " against a scale of " + scale(a));
    }
  }

  @Test
  void everyExtraChannelCopiesOneSpreadEvenly() {
    int[] sources = NetworkWidening.channelSources(4, 10, new Random(3));
    assertArrayEquals(new int[] {0, 1, 2, 3}, Arrays.copyOf(sources, 4));
    int[] copies = new int[4];
    for (int s : sources) {
      copies[s]++;
    }
    // 6 extra channels over 4: every channel is copied once or twice, never three times.
    assertTrue(Arrays.stream(copies).allMatch(c -> c == 2 || c == 3), Arrays.toString(copies));
    assertEquals(10, Arrays.stream(copies).sum());
  }

  @Test
  void refusesToShrinkOrChangeTheStrides() throws Exception {
    try (Model narrow = narrowModel()) {
      IllegalArgumentException shrink = assertThrows(IllegalArgumentException.class, () -> NetworkWidening.widen(
          narrow, TestData.TINY, new MobileNetV1.Architecture(0.2f, 2, 2, 0f), 0f, 1));
      assertTrue(shrink.getMessage().contains("at least"), shrink.getMessage());
      IllegalArgumentException stride = assertThrows(IllegalArgumentException.class, () -> NetworkWidening.widen(
          narrow, TestData.TINY, new MobileNetV1.Architecture(0.4f, 1, 2, 0f), 0f, 1));
      assertTrue(stride.getMessage().contains("--stem-stride"), stride.getMessage());
    }
  }

  private static float scale(float[] logits) {
    float max = 0;
    for (float v : logits) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  /** The largest difference of one class's logit between two faces. */
  private static double spreadAcrossFaces(float[] logits) {
    double spread = 0;
    int classes = 7;
    for (int c = 0; c < classes; c++) {
      double min = Double.MAX_VALUE;
      double max = -Double.MAX_VALUE;
      for (int i = c; i < logits.length; i += classes) {
        min = Math.min(min, logits[i]);
        max = Math.max(max, logits[i]);
      }
      spread = Math.max(spread, max - min);
    }
    return spread;
  }
}
