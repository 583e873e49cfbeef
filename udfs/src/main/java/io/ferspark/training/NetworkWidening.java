package io.ferspark.training;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import io.ferspark.model.MobileNetV1;
import io.ferspark.model.ModelDirectory;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Widens a trained MobileNet V1 to a larger width multiplier without changing what it computes
 * (Net2WiderNet, Chen et al., 2016), so a wider network can continue from a trained narrow one
 * instead of from a random start. Each new channel copies an existing one: its convolution filter,
 * batch norm parameters and statistics, and the depthwise filter that follows it; the next
 * pointwise convolution (or the classifier) divides the weights it reads from a copied channel by
 * the number of copies, so the sum it computes is unchanged. The copies' filters get a little
 * Gaussian noise, relative to the layer's weight spread, so that training can tell them apart.
 */
public final class NetworkWidening {

  private NetworkWidening() {}

  /**
   * Returns a new model of architecture {@code wider} holding {@code narrow}'s function; only the
   * width may differ, and it may not shrink. The caller owns (closes) the returned model.
   */
  public static Model widen(Model narrow, MobileNetV1.Architecture from, MobileNetV1.Architecture wider,
      float noise, long seed) {
    if (from.stemStride() != wider.stemStride() || from.finalStride() != wider.finalStride()) {
      throw new IllegalArgumentException("Cannot widen " + from + " to " + wider
          + ": only the width may change; keep --stem-stride and --final-stride");
    }
    if (wider.width() < from.width()) {
      throw new IllegalArgumentException("Cannot widen width " + from.width() + " to " + wider.width()
          + ": the new width must be at least the old one");
    }
    if (!(noise >= 0)) {
      throw new IllegalArgumentException("Cannot use noise " + noise + ": it must be 0 or more");
    }
    Model wide = ModelDirectory.initializedModel(narrow.getName(), wider);
    try {
      copyWidened((SequentialBlock) narrow.getBlock(), (SequentialBlock) wide.getBlock(), noise, new Random(seed));
      return wide;
    } catch (RuntimeException e) {
      wide.close();
      throw e;
    }
  }

  private static void copyWidened(SequentialBlock narrow, SequentialBlock wide, float noise, Random random) {
    List<Block> narrowLayers = narrow.getChildren().values();
    List<Block> wideLayers = wide.getChildren().values();
    // Which narrow channel each wide channel copies, for the feature map flowing between layers;
    // null while it is still the one-channel input image.
    int[] source = null;
    for (int l = 0; l < narrowLayers.size(); l++) {
      Block n = narrowLayers.get(l);
      Block w = wideLayers.get(l);
      if (n instanceof Conv2d) {
        NDArray nw = weight(n);
        NDArray ww = weight(w);
        boolean depthwise = source != null && nw.getShape().get(1) == 1;
        if (depthwise) {
          // Each depthwise filter reads only its own channel, so a copied channel gets a copied filter.
          set(ww, gather(nw.toFloatArray(), source, (int) (nw.getShape().size() / nw.getShape().get(0))));
        } else {
          int[] out = channelSources((int) nw.getShape().get(0), (int) ww.getShape().get(0), random);
          set(ww, copyConv(nw, ww.getShape(), out, source, noise, random));
          source = out;
        }
      } else if (n instanceof BatchNorm) {
        for (int p = 0; p < n.getParameters().size(); p++) {
          NDArray np = n.getParameters().get(p).getValue().getArray();
          set(w.getParameters().get(p).getValue().getArray(), gather(np.toFloatArray(), source, 1));
        }
      } else if (n instanceof Linear) {
        NDArray nw = weight(n);
        set(weight(w), copyConv(nw, weight(w).getShape(), identity((int) nw.getShape().get(0)), source, 0, random));
        set(param(w, "bias"), param(n, "bias").toFloatArray());
      }
    }
  }

  /** Identity for the first {@code narrow} channels; each extra channel copies one, spread evenly at random. */
  static int[] channelSources(int narrow, int wide, Random random) {
    int[] sources = new int[wide];
    List<Integer> order = new ArrayList<>();
    for (int c = 0; c < wide; c++) {
      if (c < narrow) {
        sources[c] = c;
        continue;
      }
      if (order.isEmpty()) {
        for (int i = 0; i < narrow; i++) {
          order.add(i);
        }
        Collections.shuffle(order, random);
      }
      sources[c] = order.remove(order.size() - 1);
    }
    return sources;
  }

  private static int[] identity(int n) {
    int[] map = new int[n];
    for (int i = 0; i < n; i++) {
      map[i] = i;
    }
    return map;
  }

  /**
   * A dense weight (out, in, k...) widened: row j copies row {@code out[j]}, column c reads narrow
   * column {@code in[c]} divided by how many wide columns read it; rows that are copies get noise.
   */
  private static float[] copyConv(NDArray narrow, Shape wideShape, int[] out, int[] in, float noise, Random random) {
    float[] src = narrow.toFloatArray();
    int narrowIn = (int) narrow.getShape().get(1);
    int wideIn = (int) wideShape.get(1);
    int kernel = (int) (narrow.getShape().size() / narrow.getShape().get(0) / narrowIn);
    int[] copies = new int[narrowIn];
    for (int c = 0; c < wideIn; c++) {
      copies[in == null ? c : in[c]]++;
    }
    float sigma = noise * std(src);
    float[] dst = new float[(int) wideShape.size()];
    for (int j = 0; j < out.length; j++) {
      boolean copy = j >= narrow.getShape().get(0);
      for (int c = 0; c < wideIn; c++) {
        int sc = in == null ? c : in[c];
        for (int k = 0; k < kernel; k++) {
          float v = src[(out[j] * narrowIn + sc) * kernel + k] / copies[sc];
          dst[(j * wideIn + c) * kernel + k] = copy ? v + sigma * (float) random.nextGaussian() : v;
        }
      }
    }
    return dst;
  }

  /** Runs of {@code size} values, the j-th a copy of run {@code source[j]} (a channel's filter or batch norm value). */
  private static float[] gather(float[] values, int[] source, int size) {
    float[] out = new float[source.length * size];
    for (int j = 0; j < source.length; j++) {
      System.arraycopy(values, source[j] * size, out, j * size, size);
    }
    return out;
  }

  private static float std(float[] values) {
    double sum = 0;
    double squares = 0;
    for (float v : values) {
      sum += v;
      squares += (double) v * v;
    }
    double mean = sum / values.length;
    return (float) Math.sqrt(Math.max(0, squares / values.length - mean * mean));
  }

  private static NDArray weight(Block block) {
    return param(block, "weight");
  }

  private static NDArray param(Block block, String name) {
    for (Pair<String, Parameter> p : block.getParameters()) {
      if (p.getKey().equals(name)) {
        return p.getValue().getArray();
      }
    }
    throw new IllegalStateException(block + " has no parameter " + name);
  }

  private static void set(NDArray target, float[] values) {
    if (target.getShape().size() != values.length) {
      throw new IllegalStateException("Widened parameter has " + values.length + " values; " + target.getShape() + " expected");
    }
    target.set(FloatBuffer.wrap(values));
  }
}
