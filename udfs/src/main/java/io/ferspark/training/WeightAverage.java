package io.ferspark.training;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.ferspark.model.ModelDescriptor;
import io.ferspark.model.ModelDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The element-wise mean of the parameters of several model directories of one architecture, e.g.
 * the epochs at the end of a training run (stochastic weight averaging, Izmailov et al., 2018). The
 * mean lies nearer the centre of the low-loss region those epochs circle, which tends to generalise
 * better than any one of them. The averaged running statistics of batch norm are only a start:
 * {@link BatchNormStatistics#recompute} replaces them.
 */
public final class WeightAverage {

  private WeightAverage() {}

  /** Loads and verifies every directory and returns the first one's model holding the mean parameters. */
  public static Model average(List<Path> modelDirs) throws IOException {
    if (modelDirs.isEmpty()) {
      throw new IllegalArgumentException("Nothing to average: name at least one model directory");
    }
    ModelDescriptor first = ModelDirectory.readDescriptor(modelDirs.get(0));
    for (Path dir : modelDirs.subList(1, modelDirs.size())) {
      ModelDescriptor other = ModelDirectory.readDescriptor(dir);
      if (!other.architectureSpec().equals(first.architectureSpec())) {
        throw new IllegalArgumentException("Cannot average " + dir + " with " + modelDirs.get(0) + ": its architecture "
            + other.architectureSpec() + " differs from " + first.architectureSpec());
      }
    }
    Model sum = ModelDirectory.load(modelDirs.get(0));
    try {
      PairList<String, Parameter> target = sum.getBlock().getParameters();
      for (Pair<String, Parameter> p : target) {
        p.getValue().getArray().setRequiresGradient(false);
      }
      for (Path dir : modelDirs.subList(1, modelDirs.size())) {
        try (Model other = ModelDirectory.load(dir)) {
          PairList<String, Parameter> source = other.getBlock().getParameters();
          for (int i = 0; i < target.size(); i++) {
            NDArray into = target.get(i).getValue().getArray();
            into.addi(source.get(i).getValue().getArray());
          }
        }
      }
      for (Pair<String, Parameter> p : target) {
        p.getValue().getArray().divi(modelDirs.size());
      }
      return sum;
    } catch (IOException | RuntimeException e) {
      sum.close();
      throw e;
    }
  }
}
