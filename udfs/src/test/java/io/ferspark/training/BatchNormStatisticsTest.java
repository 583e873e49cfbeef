package io.ferspark.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import io.ferspark.image.Preprocessing;
import io.ferspark.model.ModelDirectory;
import io.ferspark.testing.TestData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchNormStatisticsTest {

  @TempDir Path tmp;

  @Test
  void firstLayerGetsTheExactPerChannelStatisticsOfTheStemOutput() throws Exception {
    ImageFolder faces = ImageFolder.load(SyntheticBucket.write(tmp.resolve("bucket"), 3, 9), 0);
    Path dir = TestData.initializedModel(tmp.resolve("m"), TestData.TINY, 3);
    try (Model model = ModelDirectory.load(dir)) {
      SequentialBlock net = (SequentialBlock) model.getBlock();
      List<Block> layers = net.getChildren().values();
      BatchNorm first = (BatchNorm) layers.get(1);
      BatchNorm deep = (BatchNorm) layers.get(4);
      float[] deepBefore = deep.getParameters().get("runningVar").getArray().toFloatArray();

      // 21 faces in batches of 4: the last batch is partial, and the result must still be exact.
      BatchNormStatistics.recompute(net, faces, 4, model.getNDManager());

      float[] all = new float[faces.size() * Preprocessing.PIXELS];
      for (int i = 0; i < faces.size(); i++) {
        faces.copyFace(i, all, i * Preprocessing.PIXELS);
      }
      Preprocessing.standardize(all, 0, all.length);
      NDArray x = model.getNDManager().create(all, new Shape(faces.size(), 1, Preprocessing.SIZE, Preprocessing.SIZE));
      NDArray stem = layers.get(0).forward(new ParameterStore(model.getNDManager(), false), new NDList(x), false)
          .singletonOrThrow();
      long n = stem.size() / stem.getShape().get(1);
      NDArray channelMean = stem.sum(new int[] {0, 2, 3}).div(n); // PyTorch's mean takes one axis only
      float[] mean = channelMean.toFloatArray();
      NDArray centred = stem.sub(channelMean.reshape(1, mean.length, 1, 1));
      float[] variance = centred.square().sum(new int[] {0, 2, 3}).div(n - 1).toFloatArray();

      assertArrayEquals(mean, first.getParameters().get("runningMean").getArray().toFloatArray(), 1e-4f);
      assertArrayEquals(variance, first.getParameters().get("runningVar").getArray().toFloatArray(), 1e-3f);
      float[] deepAfter = deep.getParameters().get("runningVar").getArray().toFloatArray();
      assertEquals(deepBefore.length, deepAfter.length);
      boolean changed = false;
      for (int c = 0; c < deepAfter.length; c++) {
        assertTrue(deepAfter[c] > 0, "a variance must be positive");
        changed |= Math.abs(deepAfter[c] - deepBefore[c]) > 1e-3;
      }
      assertTrue(changed, "deeper layers get their statistics too, not the initial ones");
    }
  }
}
