package io.ferspark.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.initializer.XavierInitializer.FactorType;
import ai.djl.training.initializer.XavierInitializer.RandomType;

/**
 * MobileNet V1 (Howard et al., 2017): a 3x3 stem convolution followed by 13 depthwise-separable
 * blocks, global average pooling and a linear classifier. {@link Architecture#width()} scales every
 * layer's channels; {@link Architecture#stemStride()} and {@link Architecture#finalStride()} let a
 * 48x48 face keep more spatial detail than the 32x downsampling designed for 224x224 photos.
 */
public final class MobileNetV1 {

  /** Output channels and stride of the 13 depthwise-separable blocks at width 1.0. */
  private static final int[][] BLOCKS = {
    {64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2},
    {512, 1}, {512, 1}, {512, 1}, {512, 1}, {512, 1}, {1024, 2}, {1024, 1}
  };
  private static final int STEM_CHANNELS = 32;

  /** The hyper-parameters that fix the network's shape. */
  public record Architecture(float width, int stemStride, int finalStride, float dropout) {

    /** The paper's network: stride 2 in the stem and in block 12 (32x downsampling). */
    public static final Architecture STANDARD = new Architecture(1.0f, 2, 2, 0.2f);

    public Architecture {
      if (!(width > 0 && width <= 4)) {
        throw new IllegalArgumentException("Cannot set width to " + width + ": it must be in (0, 4]");
      }
      if (stemStride != 1 && stemStride != 2) {
        throw new IllegalArgumentException("Cannot set stem stride to " + stemStride + ": use 1 or 2");
      }
      if (finalStride != 1 && finalStride != 2) {
        throw new IllegalArgumentException("Cannot set final stride to " + finalStride + ": use 1 or 2");
      }
      if (!(dropout >= 0 && dropout < 1)) {
        throw new IllegalArgumentException("Cannot set dropout to " + dropout + ": it must be in [0, 1)");
      }
    }

    /** Channels of a layer that has {@code base} channels at width 1.0 (at least 8). */
    public int channels(int base) {
      return Math.max(8, Math.round(base * width));
    }

    /** The stride of each of the 13 blocks under this architecture. */
    int blockStride(int block) {
      return block == 11 ? finalStride : BLOCKS[block][1];
    }

    /**
     * Multiply-adds of one forward pass on a {@code size}x{@code size} single-channel input
     * (convolutions and the classifier; batch norm folds into them at inference).
     */
    public long multiplyAdds(int size, int classes) {
      int side = outputSide(size, 3, stemStride);
      int in = channels(STEM_CHANNELS);
      long total = (long) side * side * in * 9;
      for (int b = 0; b < BLOCKS.length; b++) {
        side = outputSide(side, 3, blockStride(b));
        int out = channels(BLOCKS[b][0]);
        total += (long) side * side * in * 9; // depthwise 3x3
        total += (long) side * side * in * out; // pointwise 1x1
        in = out;
      }
      return total + (long) in * classes;
    }

    /** Values in the largest feature map of one {@code size}x{@code size} image (what bounds a pass's memory). */
    public long largestActivation(int size) {
      int side = outputSide(size, 3, stemStride);
      int in = channels(STEM_CHANNELS);
      long largest = (long) side * side * in;
      for (int b = 0; b < BLOCKS.length; b++) {
        side = outputSide(side, 3, blockStride(b));
        int out = channels(BLOCKS[b][0]);
        largest = Math.max(largest, (long) side * side * Math.max(in, out));
        in = out;
      }
      return largest;
    }

    /** Side of the feature map that reaches global pooling. */
    public int finalSide(int size) {
      int side = outputSide(size, 3, stemStride);
      for (int b = 0; b < BLOCKS.length; b++) {
        side = outputSide(side, 3, blockStride(b));
      }
      return side;
    }

    private static int outputSide(int side, int kernel, int stride) {
      return (side + 2 * (kernel / 2) - kernel) / stride + 1;
    }
  }

  private MobileNetV1() {}

  /** Builds the network; its input is (N, 1, H, W) standardised grayscale and its output N x classes logits. */
  public static Block build(Architecture arch, int classes) {
    SequentialBlock net = new ReleasingSequentialBlock();
    int in = arch.channels(STEM_CHANNELS);
    net.addAll(conv(in, 3, arch.stemStride(), 1), BatchNorm.builder().build(), Activation.reluBlock());
    for (int b = 0; b < BLOCKS.length; b++) {
      int out = arch.channels(BLOCKS[b][0]);
      net.addAll(
          conv(in, 3, arch.blockStride(b), in), BatchNorm.builder().build(), Activation.reluBlock(),
          conv(out, 1, 1, 1), BatchNorm.builder().build(), Activation.reluBlock());
      in = out;
    }
    net.add(Pool.globalAvgPool2dBlock());
    net.add(Blocks.batchFlattenBlock());
    if (arch.dropout() > 0) {
      net.add(Dropout.builder().optRate(arch.dropout()).build());
    }
    Block classifier = Linear.builder().setUnits(classes).build();
    net.add(classifier);
    // He initialisation for the ReLU convolutions (fan-out, as in the reference implementations) and
    // small logits at the start; DJL's default Xavier leaves this 28-layer plain net stuck at chance.
    net.setInitializer(new XavierInitializer(RandomType.GAUSSIAN, FactorType.OUT, 2), Parameter.Type.WEIGHT);
    classifier.setInitializer(new NormalInitializer(0.01f), Parameter.Type.WEIGHT);
    return net;
  }

  /** A bias-free convolution (batch norm follows); {@code kernel} 3 pads by 1, {@code groups} > 1 is depthwise. */
  private static Block conv(int filters, int kernel, int stride, int groups) {
    return Conv2d.builder()
        .setKernelShape(new Shape(kernel, kernel))
        .optStride(new Shape(stride, stride))
        .optPadding(new Shape(kernel / 2, kernel / 2))
        .setFilters(filters)
        .optGroups(groups)
        .optBias(false)
        .build();
  }
}
