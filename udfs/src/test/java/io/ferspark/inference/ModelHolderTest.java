package io.ferspark.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferspark.model.ModelDirectory;
import io.ferspark.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelHolderTest {

  @TempDir
  Path tmp;

  @Test
  void loadsEachModelOncePerJvmWhateverTheNumberOfThreads() throws Exception {
    ModelArtifact artifact = ModelArtifact.read(TestData.initializedModel(tmp.resolve("m"), TestData.TINY, 101));
    int before = ModelHolder.loads();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<ExpressionModel>> models = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        models.add(pool.submit(() -> ModelHolder.acquire(artifact)));
      }
      ExpressionModel first = models.get(0).get();
      for (Future<ExpressionModel> m : models) {
        assertSame(first, m.get());
      }
      assertEquals(before + 1, ModelHolder.loads());
      assertTrue(first.claimLoadReport());
      assertTrue(!first.claimLoadReport(), "the load is reported once");
      assertEquals(artifact.sha256(), first.sha256());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void eachThreadGetsItsOwnPredictorOnTheSharedModel() throws Exception {
    ExpressionModel model = ModelHolder.acquire(TestData.initializedModel(tmp.resolve("m"), TestData.TINY, 102));
    float[] face = new float[io.ferspark.image.Preprocessing.PIXELS];
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Prediction>> answers = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        answers.add(pool.submit(() -> {
          try (ExpressionPredictor predictor = model.newPredictor()) {
            return predictor.predict(List.of(face)).get(0);
          }
        }));
      }
      float[] expected = answers.get(0).get().probabilities();
      for (Future<Prediction> a : answers) {
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(a.get().probabilities()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void refusesParametersThatFailTheirChecksum() throws Exception {
    Path dir = TestData.initializedModel(tmp.resolve("m"), TestData.TINY, 103);
    byte[] params = Files.readAllBytes(dir.resolve(ModelDirectory.PARAMS_FILE));
    params[params.length / 2] ^= 1;
    Files.write(dir.resolve(ModelDirectory.PARAMS_FILE), params);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ModelArtifact.read(dir));
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
  }

  @Test
  void refusesAMissingDirectoryWithAHint() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ModelArtifact.read(tmp.resolve("nope")));
    assertTrue(e.getMessage().contains("does not exist") && e.getMessage().contains("--model"), e.getMessage());
  }
}
