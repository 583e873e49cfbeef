package io.ferspark.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import io.ferspark.image.Preprocessing;
import java.util.ArrayList;
import java.util.List;

/**
 * Recomputes the running mean and variance of every batch norm layer of a sequential network from
 * data. The statistics are exact averages over all the faces given (not a moving average), and
 * each layer sees its input as training produces it: the layers before it normalise with batch
 * statistics. Averaged weights need this: the running statistics of the models that were averaged
 * describe their own activations, not those of the average.
 */
public final class BatchNormStatistics {

  private static final int[] CHANNEL_AXES = {0, 2, 3};

  private BatchNormStatistics() {}

  /**
   * Replaces the running statistics of {@code net}'s batch norm layers with those of the faces of
   * {@code faces} (unaugmented, standardised as inference does), run in batches of {@code batchSize}.
   */
  public static void recompute(SequentialBlock net, ImageFolder faces, int batchSize, NDManager parent) {
    if (batchSize < 2) {
      throw new IllegalArgumentException("Cannot set batch size to " + batchSize + ": batch statistics need at least 2 faces");
    }
    List<Block> layers = new ArrayList<>(net.getChildren().values());
    List<BatchNorm> norms = new ArrayList<>();
    int last = -1;
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i) instanceof BatchNorm norm) {
        norms.add(norm);
        last = i;
      }
    }
    double[][] sums = new double[norms.size()][];
    double[][] squares = new double[norms.size()][];
    double[] counts = new double[norms.size()];
    float[] inputs = new float[batchSize * Preprocessing.PIXELS];
    for (int from = 0; from < faces.size(); from += batchSize) {
      int n = Math.min(batchSize, faces.size() - from);
      for (int i = 0; i < n; i++) {
        faces.copyFace(from + i, inputs, i * Preprocessing.PIXELS);
      }
      Preprocessing.standardize(inputs, 0, n * Preprocessing.PIXELS);
      try (NDManager manager = parent.newSubManager()) {
        ParameterStore store = new ParameterStore(manager, false);
        NDList x = new NDList(manager.create(inputs, new Shape(batchSize, 1, Preprocessing.SIZE, Preprocessing.SIZE))
            .get("0:" + n));
        for (int i = 0, k = 0; i <= last; i++) {
          Block layer = layers.get(i);
          if (layer instanceof BatchNorm) {
            NDArray a = x.singletonOrThrow();
            sums[k] = add(sums[k], a.sum(CHANNEL_AXES).toFloatArray());
            squares[k] = add(squares[k], a.square().sum(CHANNEL_AXES).toFloatArray());
            counts[k] += a.size() / a.getShape().get(1);
            k++;
            x = layer.forward(store, x, true); // normalise with this batch's statistics, as in training
          } else {
            x = layer.forward(store, x, false);
          }
        }
      }
    }
    for (int k = 0; k < norms.size(); k++) {
      int channels = sums[k].length;
      float[] mean = new float[channels];
      float[] variance = new float[channels];
      for (int c = 0; c < channels; c++) {
        double m = sums[k][c] / counts[k];
        mean[c] = (float) m;
        // Unbiased, as PyTorch keeps its running variance.
        variance[c] = (float) (Math.max(0, squares[k][c] / counts[k] - m * m) * counts[k] / (counts[k] - 1));
      }
      set(norms.get(k), "runningMean", mean);
      set(norms.get(k), "runningVar", variance);
    }
  }

  private static double[] add(double[] total, float[] values) {
    double[] sum = total == null ? new double[values.length] : total;
    for (int i = 0; i < values.length; i++) {
      sum[i] += values[i];
    }
    return sum;
  }

  private static void set(BatchNorm norm, String name, float[] values) {
    Parameter parameter = norm.getParameters().get(name);
    if (parameter == null) {
      throw new IllegalStateException("Batch norm layer has no parameter " + name + ": " + norm.getParameters().keys());
    }
    parameter.getArray().set(values);
  }
}
