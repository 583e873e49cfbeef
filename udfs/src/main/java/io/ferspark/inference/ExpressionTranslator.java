package io.ferspark.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import io.ferspark.image.Preprocessing;
import io.ferspark.labels.Labels;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a batch of preprocessed faces ({@link Preprocessing#toModelInput}, one float[48*48] each)
 * into one (N, 1, 48, 48) tensor, and the network's N x 7 logits into per-face probabilities. With
 * test-time augmentation "flip" the batch also carries each face's mirror image (still one forward
 * pass) and the two softmax outputs are averaged. The logits are divided by the model's softmax
 * temperature first (1 unless {@code calibrate} fitted one).
 */
public final class ExpressionTranslator implements NoBatchifyTranslator<List<float[]>, List<float[]>> {

  private final boolean flip;
  private final double temperature;

  public ExpressionTranslator(String tta, double temperature) {
    this.flip = "flip".equals(tta);
    this.temperature = temperature;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, List<float[]> inputs) {
    int n = inputs.size();
    int copies = flip ? 2 : 1;
    float[] batch = new float[copies * n * Preprocessing.PIXELS];
    for (int i = 0; i < n; i++) {
      float[] face = inputs.get(i);
      if (face.length != Preprocessing.PIXELS) {
        throw new IllegalArgumentException(
            "Model input " + i + " has " + face.length + " values, expected " + Preprocessing.PIXELS);
      }
      System.arraycopy(face, 0, batch, i * Preprocessing.PIXELS, Preprocessing.PIXELS);
      if (flip) {
        mirror(face, batch, (n + i) * Preprocessing.PIXELS);
      }
    }
    NDArray array = ctx.getNDManager().create(FloatBuffer.wrap(batch),
        new Shape(copies * n, 1, Preprocessing.SIZE, Preprocessing.SIZE));
    return new NDList(array);
  }

  @Override
  public List<float[]> processOutput(TranslatorContext ctx, NDList list) {
    NDArray logits = list.singletonOrThrow();
    float[] all = (temperature == 1 ? logits : logits.div(temperature)).softmax(1).toFloatArray();
    int n = all.length / Labels.COUNT / (flip ? 2 : 1);
    List<float[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] p = new float[Labels.COUNT];
      for (int c = 0; c < Labels.COUNT; c++) {
        p[c] = flip
            ? (all[i * Labels.COUNT + c] + all[(n + i) * Labels.COUNT + c]) / 2
            : all[i * Labels.COUNT + c];
      }
      out.add(p);
    }
    return out;
  }

  /** Writes the horizontal mirror of a SIZE x SIZE face into {@code out} at {@code offset}. */
  static void mirror(float[] face, float[] out, int offset) {
    int size = Preprocessing.SIZE;
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        out[offset + y * size + x] = face[y * size + size - 1 - x];
      }
    }
  }
}
