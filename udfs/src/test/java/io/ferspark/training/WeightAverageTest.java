package io.ferspark.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;
import io.ferspark.model.MobileNetV1;
import io.ferspark.model.ModelDirectory;
import io.ferspark.testing.TestData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightAverageTest {

  @TempDir Path tmp;

  @Test
  void averageIsTheElementwiseMeanOfEveryParameter() throws Exception {
    Path a = TestData.initializedModel(tmp.resolve("a"), TestData.TINY, 3);
    Path b = TestData.initializedModel(tmp.resolve("b"), TestData.TINY, 4);
    Path c = TestData.initializedModel(tmp.resolve("c"), TestData.TINY, 5);
    try (Model ma = ModelDirectory.load(a); Model mb = ModelDirectory.load(b); Model mc = ModelDirectory.load(c);
        Model mean = WeightAverage.average(List.of(a, b, c))) {
      PairList<String, Parameter> pa = ma.getBlock().getParameters();
      PairList<String, Parameter> pb = mb.getBlock().getParameters();
      PairList<String, Parameter> pc = mc.getBlock().getParameters();
      PairList<String, Parameter> pm = mean.getBlock().getParameters();
      assertEquals(pa.size(), pm.size());
      int differing = 0;
      for (int i = 0; i < pm.size(); i++) {
        float[] x = pa.get(i).getValue().getArray().toFloatArray();
        float[] y = pb.get(i).getValue().getArray().toFloatArray();
        float[] z = pc.get(i).getValue().getArray().toFloatArray();
        float[] expected = new float[x.length];
        for (int k = 0; k < x.length; k++) {
          expected[k] = (x[k] + y[k] + z[k]) / 3;
          differing += x[k] != y[k] ? 1 : 0;
        }
        assertArrayEquals(expected, pm.get(i).getValue().getArray().toFloatArray(), 1e-6f, pm.get(i).getKey());
      }
      assertTrue(differing > 1000, "differently seeded models should differ, " + differing + " values did");
    }
  }

  @Test
  void refusesModelsOfAnotherShape() throws Exception {
    Path a = TestData.initializedModel(tmp.resolve("a"), TestData.TINY, 3);
    Path wide = TestData.initializedModel(tmp.resolve("wide"), new MobileNetV1.Architecture(0.5f, 2, 2, 0f), 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightAverage.average(List.of(a, wide)));
    assertTrue(e.getMessage().contains("Cannot average") && e.getMessage().contains("architecture"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> WeightAverage.average(List.of()));
  }
}
