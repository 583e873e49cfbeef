package io.ferspark.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import io.ferspark.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {

  @TempDir Path tmp;

  private static float[] logits(Path dir, float[] input) throws Exception {
    try (Model model = ModelDirectory.load(dir);
        Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator());
        NDManager manager = NDManager.newBaseManager()) {
      NDList out = predictor.predict(new NDList(manager.create(input, new Shape(2, 1, 48, 48))));
      return out.singletonOrThrow().toFloatArray();
    }
  }

  @Test
  void saveThenLoadGivesIdenticalPredictions() throws Exception {
    Path first = TestData.initializedModel(tmp.resolve("a"), TestData.TINY, 3);
    float[] input = new float[2 * 48 * 48];
    Random random = new Random(5);
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) random.nextGaussian();
    }
    float[] expected = logits(first, input);

    // Round trip through a second save of the loaded block: same bytes, same outputs.
    Path second = tmp.resolve("b");
    try (Model model = ModelDirectory.load(first)) {
      ModelDirectory.save(second, model.getBlock(), ModelDirectory.readDescriptor(first));
    }
    assertEquals(ModelDirectory.readDescriptor(first).paramsSha256, ModelDirectory.readDescriptor(second).paramsSha256);
    assertArrayEquals(expected, logits(second, input));
    assertEquals(14, expected.length);
  }

  @Test
  void refusesParametersWhoseChecksumDoesNotMatch() throws Exception {
    Path dir = TestData.initializedModel(tmp.resolve("m"), TestData.TINY, 3);
    Path params = dir.resolve(ModelDirectory.PARAMS_FILE);
    byte[] bytes = Files.readAllBytes(params);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(params, bytes);

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ModelDirectory.load(dir));
    assertTrue(e.getMessage().contains("checksum") && e.getMessage().contains("refused"), e.getMessage());
  }

  @Test
  void refusesAMissingDirectoryWithAHint() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelDirectory.load(tmp.resolve("nowhere")));
    assertTrue(e.getMessage().contains("--model"), e.getMessage());
  }

  @Test
  void refusesADescriptorWithOtherLabels() throws Exception {
    Path dir = TestData.initializedModel(tmp.resolve("l"), TestData.TINY, 3);
    Path json = dir.resolve(ModelDirectory.DESCRIPTOR_FILE);
    Files.writeString(json, Files.readString(json).replace("\"surprise\"", "\"contempt\""));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelDirectory.load(dir));
    assertTrue(e.getMessage().contains("labels"), e.getMessage());
  }
}
