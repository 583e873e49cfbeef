package io.ferspark.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ferspark.image.Preprocessing;
import io.ferspark.labels.Labels;
import java.util.function.UnaryOperator;

/**
 * Accuracy of a network on a validation folder, plain and with flip averaging (the mean of the
 * softmax of each face and its mirror image, as the labeling job's {@code flip} test-time
 * augmentation computes it), plus the plain cross-entropy. Runs in inference mode: batch norm uses
 * its running statistics.
 */
public final class Validation {

  private static final int BATCH = 128;

  /** What one pass over the validation folder measured. */
  public record Result(double loss, double accuracy, double accuracyFlip) {}

  private Validation() {}

  /** {@code forward} maps a (N, 1, 48, 48) batch to N x 7 logits in inference mode. */
  public static Result measure(UnaryOperator<NDList> forward, NDManager parent, ImageFolder val) {
    double lossSum = 0;
    long correct = 0;
    long correctFlip = 0;
    float[] inputs = new float[BATCH * Preprocessing.PIXELS];
    for (int from = 0; from < val.size(); from += BATCH) {
      int n = Math.min(BATCH, val.size() - from);
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        val.copyFace(from + i, inputs, i * Preprocessing.PIXELS);
        labels[i] = val.label(from + i);
      }
      Preprocessing.standardize(inputs, 0, n * Preprocessing.PIXELS);
      try (NDManager manager = parent.newSubManager()) {
        // Always the full batch shape (stale rows past n are ignored): a new shape costs a new kernel plan.
        NDArray x = manager.create(inputs, new Shape(BATCH, 1, Preprocessing.SIZE, Preprocessing.SIZE));
        float[] p = forward.apply(new NDList(x)).singletonOrThrow().softmax(1).toFloatArray();
        float[] q = forward.apply(new NDList(x.flip(3))).singletonOrThrow().softmax(1).toFloatArray();
        for (int i = 0; i < n; i++) {
          int k = i * Labels.COUNT;
          int best = 0;
          int bestFlip = 0;
          for (int c = 1; c < Labels.COUNT; c++) {
            best = p[k + c] > p[k + best] ? c : best;
            bestFlip = p[k + c] + q[k + c] > p[k + bestFlip] + q[k + bestFlip] ? c : bestFlip;
          }
          correct += best == labels[i] ? 1 : 0;
          correctFlip += bestFlip == labels[i] ? 1 : 0;
          lossSum -= Math.log(Math.max(1e-12, p[k + labels[i]]));
        }
      }
    }
    return new Result(lossSum / val.size(), (double) correct / val.size(), (double) correctFlip / val.size());
  }
}
