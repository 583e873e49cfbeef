package io.ferspark.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import io.ferspark.image.Preprocessing;
import io.ferspark.image.TestTimeAugmentation;
import io.ferspark.labels.Labels;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a batch of preprocessed faces ({@link Preprocessing#toModelInput}, one float[48*48] each)
 * into one (N, 1, 48, 48) tensor, and the network's N x 7 logits into per-face probabilities. With
 * test-time augmentation the batch carries every view of each face ({@link TestTimeAugmentation}:
 * the mirror image for "flip"; still one forward pass) and the views' softmax outputs are averaged.
 * The logits are divided by the model's softmax temperature first (1 unless {@code calibrate} fitted one).
 */
public final class ExpressionTranslator implements NoBatchifyTranslator<List<float[]>, List<float[]>> {

  private final TestTimeAugmentation tta;
  private final double temperature;

  public ExpressionTranslator(TestTimeAugmentation tta, double temperature) {
    this.tta = tta;
    this.temperature = temperature;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, List<float[]> inputs) {
    int n = inputs.size();
    int copies = tta.views();
    float[] batch = new float[copies * n * Preprocessing.PIXELS];
    for (int i = 0; i < n; i++) {
      float[] face = inputs.get(i);
      if (face.length != Preprocessing.PIXELS) {
        throw new IllegalArgumentException(
            "Model input " + i + " has " + face.length + " values, expected " + Preprocessing.PIXELS);
      }
      for (int v = 0; v < copies; v++) { // view-major: view v of face i is row v * n + i
        tta.writeView(face, v, batch, (v * n + i) * Preprocessing.PIXELS);
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
    int views = tta.views();
    int n = all.length / Labels.COUNT / views;
    List<float[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] p = new float[Labels.COUNT];
      for (int c = 0; c < Labels.COUNT; c++) {
        float sum = 0;
        for (int v = 0; v < views; v++) {
          sum += all[(v * n + i) * Labels.COUNT + c];
        }
        p[c] = sum / views;
      }
      out.add(p);
    }
    return out;
  }
}
