package io.ferspark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.ferspark.testing.TestData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleasingSequentialBlockTest {

  private static final MobileNetV1.Architecture OTHER = new MobileNetV1.Architecture(0.3f, 2, 1, 0f);

  @TempDir Path tmp;

  private static NDArray faces(NDManager manager) {
    return manager.randomNormal(new Shape(4, 1, 48, 48));
  }

  /** The plain sequential forward: every layer in turn, every intermediate left on the caller's manager. */
  private static NDList layerByLayer(Block net, ParameterStore store, NDList x) {
    for (Block layer : net.getChildren().values()) {
      x = layer.forward(store, x, false);
    }
    return x;
  }

  @Test
  void inferenceLeavesOnlyTheInputAndTheLogitsOnTheCallersManager() throws Exception {
    try (Model model = ModelDirectory.load(TestData.initializedModel(tmp.resolve("m"), TestData.TINY, 5));
        NDManager manager = NDManager.newBaseManager()) {
      ParameterStore store = new ParameterStore(manager, false);
      int plainArrays;
      try (NDManager plain = manager.newSubManager()) {
        layerByLayer(model.getBlock(), store, new NDList(faces(plain)));
        plainArrays = plain.getManagedArrays().size();
      }
      assertTrue(plainArrays > 20, "the plain forward should keep its intermediates, kept " + plainArrays);

      try (NDManager caller = manager.newSubManager()) {
        NDArray input = faces(caller);
        NDArray logits = model.getBlock().forward(store, new NDList(input), false).singletonOrThrow();
        assertEquals(2, caller.getManagedArrays().size(), "arrays left: " + caller.getManagedArrays());
        assertTrue(caller.getManagedArrays().contains(input) && caller.getManagedArrays().contains(logits));
        assertArrayEquals(new long[] {4, 7}, logits.getShape().getShape());
        float[] plainLogits = layerByLayer(model.getBlock(), store, new NDList(input)).singletonOrThrow().toFloatArray();
        assertArrayEquals(plainLogits, logits.toFloatArray(), 1e-6f);
      }
    }
  }

  @Test
  void anEnsembleKeepsOnlyItsMembersLogitsNotTheirActivations() throws Exception {
    Path a = TestData.initializedModel(tmp.resolve("a"), TestData.TINY, 3);
    Path b = TestData.initializedModel(tmp.resolve("b"), OTHER, 4);
    try (Model ensemble = Ensemble.fromMembers("test-ensemble", List.of(a, b));
        NDManager caller = NDManager.newBaseManager()) {
      ParameterStore store = new ParameterStore(caller, false);
      NDArray logits = ensemble.getBlock().forward(store, new NDList(faces(caller)), false).singletonOrThrow();
      assertArrayEquals(new long[] {4, 7}, logits.getShape().getShape());
      // the input, each member's logits, their stack and the mean
      assertTrue(caller.getManagedArrays().size() <= 5, "arrays left: " + caller.getManagedArrays().size());
    }
  }
}
