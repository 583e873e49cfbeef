package io.ferspark.training;

import io.ferspark.model.MobileNetV1;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything that determines a training run besides the data: network shape, optimisation
 * (SGD with momentum, linear warm-up then cosine decay, L2 weight decay), regularisation (label
 * smoothing, mixup, augmentation) and class-imbalance handling. Same recipe and seed, same run.
 *
 * @param classWeightPower loss weight of class c is (N / (K * n_c))^power, normalised to mean 1
 *     over the training set: 0 ignores imbalance, 0.5 is the square-root compromise, 1 fully balances
 * @param cycleEpochs 0: one cosine decay over the whole run; N > 0: after warm-up the cosine restarts
 *     every N epochs (counted from the first epoch, so each multiple of N ends at a learning rate of 0):
 *     the epochs that end a cycle are the snapshots to average ({@link WeightAverage})
 */
public record TrainingRecipe(
    MobileNetV1.Architecture architecture,
    int epochs,
    int batchSize,
    float learningRate,
    float momentum,
    float weightDecay,
    float warmupEpochs,
    float labelSmoothing,
    float mixupAlpha,
    float classWeightPower,
    int cycleEpochs,
    Augmentation augmentation,
    long seed) {

  public TrainingRecipe {
    require(epochs > 0, "epochs", epochs, "it must be positive");
    require(batchSize >= 2, "batch size", batchSize, "it must be at least 2 (batch norm needs a batch)");
    require(learningRate > 0, "learning rate", learningRate, "it must be positive");
    require(momentum >= 0 && momentum < 1, "momentum", momentum, "it must be in [0, 1)");
    require(weightDecay >= 0, "weight decay", weightDecay, "it must be >= 0");
    require(warmupEpochs >= 0 && warmupEpochs < epochs, "warm-up epochs", warmupEpochs, "it must be in [0, epochs)");
    require(labelSmoothing >= 0 && labelSmoothing < 1, "label smoothing", labelSmoothing, "it must be in [0, 1)");
    require(mixupAlpha >= 0, "mixup alpha", mixupAlpha, "it must be >= 0 (0 turns mixup off)");
    require(classWeightPower >= 0 && classWeightPower <= 1, "class weight power", classWeightPower, "it must be in [0, 1]");
    require(cycleEpochs >= 0, "cycle epochs", cycleEpochs, "it must be >= 0 (0 is one cosine over the run)");
  }

  private static void require(boolean ok, String what, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("Cannot set " + what + " to " + value + ": " + rule);
    }
  }

  /** Learning rate after {@code update} optimiser steps out of {@code totalUpdates}. */
  public float learningRateAt(int update, int totalUpdates, int updatesPerEpoch) {
    float warmup = warmupEpochs * updatesPerEpoch;
    if (update < warmup) {
      return learningRate * (update + 1) / warmup;
    }
    if (cycleEpochs > 0) {
      int cycle = cycleEpochs * updatesPerEpoch;
      double phase = (double) (update % cycle + 1) / cycle;
      return (float) (learningRate * 0.5 * (1 + Math.cos(Math.PI * phase)));
    }
    double progress = Math.min(1.0, (update - warmup) / Math.max(1.0, totalUpdates - warmup));
    return (float) (learningRate * 0.5 * (1 + Math.cos(Math.PI * progress)));
  }

  /** The recipe as it is recorded in a model descriptor. */
  public Map<String, Object> describe() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("optimizer", "sgd");
    map.put("momentum", momentum);
    map.put("learning_rate", learningRate);
    map.put("schedule", "linear warm-up " + warmupEpochs + " epochs, then "
        + (cycleEpochs > 0 ? "cosine to 0 restarting every " + cycleEpochs + " epochs" : "cosine to 0"));
    map.put("weight_decay", weightDecay);
    map.put("epochs", epochs);
    map.put("batch_size", batchSize);
    map.put("label_smoothing", labelSmoothing);
    map.put("mixup_alpha", mixupAlpha);
    map.put("class_weight_power", classWeightPower);
    map.put("cycle_epochs", cycleEpochs);
    map.put("augmentation", augmentation.toString());
    map.put("seed", seed);
    return map;
  }
}
