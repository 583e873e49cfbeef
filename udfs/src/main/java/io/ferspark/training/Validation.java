package io.ferspark.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ferspark.image.Preprocessing;
import io.ferspark.labels.Labels;
import java.util.Map;
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
  public record Result(double loss, double accuracy, double accuracyFlip) {

    /** Records these figures under the keys model.json uses (val_accuracy, val_accuracy_flip_tta, val_loss). */
    public void recordIn(Map<String, Object> metrics) {
      metrics.put("val_accuracy", accuracy);
      metrics.put("val_accuracy_flip_tta", accuracyFlip);
      metrics.put("val_loss", loss);
    }
  }

  private Validation() {}

  /** {@code forward} maps a (N, 1, 48, 48) batch to N x 7 logits in inference mode. */
  public static Result measure(UnaryOperator<NDList> forward, NDManager parent, ImageFolder val) {
    return score(logits(forward, parent, val, false), logits(forward, parent, val, true), val.labels(), 1);
  }

  /**
   * The network's logits for every face of {@code val} (or its mirror image, the second pass of flip
   * averaging), face after face, {@link Labels#COUNT} values each.
   */
  public static float[] logits(UnaryOperator<NDList> forward, NDManager parent, ImageFolder val, boolean mirrored) {
    float[] logits = new float[val.size() * Labels.COUNT];
    float[] inputs = new float[BATCH * Preprocessing.PIXELS];
    for (int from = 0; from < val.size(); from += BATCH) {
      int n = Math.min(BATCH, val.size() - from);
      for (int i = 0; i < n; i++) {
        val.copyFace(from + i, inputs, i * Preprocessing.PIXELS);
      }
      Preprocessing.standardize(inputs, 0, n * Preprocessing.PIXELS);
      try (NDManager manager = parent.newSubManager()) {
        // Always the full batch shape (stale rows past n are ignored): a new shape costs a new kernel plan.
        NDArray x = manager.create(inputs, new Shape(BATCH, 1, Preprocessing.SIZE, Preprocessing.SIZE));
        float[] out = forward.apply(new NDList(mirrored ? x.flip(3) : x)).singletonOrThrow().toFloatArray();
        System.arraycopy(out, 0, logits, from * Labels.COUNT, n * Labels.COUNT);
      }
    }
    return logits;
  }

  /**
   * Accuracy, flip-averaged accuracy and plain cross-entropy of softmax(logits / temperature), from
   * {@link #logits} of the faces and of their mirror images.
   */
  public static Result score(float[] plain, float[] mirrored, int[] labels, double temperature) {
    double lossSum = 0;
    long correct = 0;
    long correctFlip = 0;
    double[] p = new double[Labels.COUNT];
    double[] q = new double[Labels.COUNT];
    for (int i = 0; i < labels.length; i++) {
      softmax(plain, i, temperature, p);
      softmax(mirrored, i, temperature, q);
      int best = 0;
      int bestFlip = 0;
      for (int c = 1; c < Labels.COUNT; c++) {
        best = p[c] > p[best] ? c : best;
        bestFlip = p[c] + q[c] > p[bestFlip] + q[bestFlip] ? c : bestFlip;
      }
      correct += best == labels[i] ? 1 : 0;
      correctFlip += bestFlip == labels[i] ? 1 : 0;
      lossSum -= Math.log(Math.max(1e-12, p[labels[i]]));
    }
    return new Result(lossSum / labels.length, (double) correct / labels.length, (double) correctFlip / labels.length);
  }

  /** softmax(logits of face {@code face} / temperature) into {@code out}, shifted by the maximum for stability. */
  public static void softmax(float[] logits, int face, double temperature, double[] out) {
    int k = face * Labels.COUNT;
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < Labels.COUNT; c++) {
      max = Math.max(max, logits[k + c]);
    }
    double sum = 0;
    for (int c = 0; c < Labels.COUNT; c++) {
      out[c] = Math.exp((logits[k + c] - max) / temperature);
      sum += out[c];
    }
    for (int c = 0; c < Labels.COUNT; c++) {
      out[c] /= sum;
    }
  }
}
