package io.ferspark.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferspark.model.ModelDescriptor;
import io.ferspark.model.ModelDirectory;
import io.ferspark.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLoopTest {

  @TempDir static Path tmp;
  static ImageFolder faces;

  @BeforeAll
  static void bucket() throws Exception {
    faces = ImageFolder.load(SyntheticBucket.write(tmp.resolve("bucket"), 8, 7), 0);
  }

  private static TrainingRecipe recipe(int epochs) {
    return new TrainingRecipe(TestData.TINY, epochs, 8, 0.05f, 0.9f, 0f, 0f, 0f, 0f, 0f, 0, Augmentation.NONE, 11);
  }

  @Test
  void drivesTheLossDownUntilItFitsTheTrainingImages() throws Exception {
    Path out = tmp.resolve("fit");
    TrainingState state = new TrainingLoop(recipe(12), "fit-test").run(faces, faces, out, out.resolve("checkpoints"), false);

    TrainingState.EpochResult first = state.history.get(0);
    TrainingState.EpochResult last = state.history.get(state.history.size() - 1);
    assertTrue(last.trainLoss() < 0.5 * first.trainLoss(),
        "loss should at least halve: first " + first.trainLoss() + ", last " + last.trainLoss());
    assertTrue(state.bestValAccuracy >= 0.9, "56 separable images should be fitted, got " + state.bestValAccuracy);

    ModelDescriptor best = ModelDirectory.readDescriptor(out);
    assertEquals(state.bestEpoch, ((Number) best.metrics.get("epoch")).intValue());
    assertEquals(ModelDirectory.sha256(out.resolve(ModelDirectory.PARAMS_FILE)), best.paramsSha256);
  }

  @Test
  void resumesFromTheLastCheckpointAndRefusesToOverwriteARun() throws Exception {
    Path out = tmp.resolve("resume");
    Path checkpoints = out.resolve("checkpoints");
    new TrainingLoop(recipe(3), "resume-test").run(faces, faces, out, checkpoints, false);

    IllegalArgumentException clash = assertThrows(IllegalArgumentException.class,
        () -> new TrainingLoop(recipe(3), "resume-test").run(faces, faces, out, checkpoints, false));
    assertTrue(clash.getMessage().contains("--resume"), clash.getMessage());

    TrainingState first = TrainingState.read(checkpoints);
    TrainingState resumed = new TrainingLoop(recipe(5), "resume-test").run(faces, faces, out, checkpoints, true);
    assertEquals(5, resumed.epochsDone);
    // The resumed epoch starts from the checkpoint, not from fresh weights: its loss stays near where
    // the first run ended instead of going back to where it began.
    double startLoss = first.history.get(0).trainLoss();
    double endLoss = first.history.get(2).trainLoss();
    double resumedLoss = resumed.history.get(3).trainLoss();
    assertTrue(resumedLoss < (startLoss + endLoss) / 2,
        "resumed loss " + resumedLoss + " should be nearer the checkpoint's " + endLoss + " than the start's " + startLoss);
    assertEquals(5, resumed.history.size());
    assertEquals(4, resumed.history.get(3).epoch());
    assertTrue(Files.isRegularFile(checkpoints.resolve("last").resolve(ModelDirectory.PARAMS_FILE)));
  }

  @Test
  void keepsEveryEpochAndStartsANewRunFromGivenWeights() throws Exception {
    Path out = tmp.resolve("kept");
    Path checkpoints = out.resolve("checkpoints");
    TrainingState trained = new TrainingLoop(recipe(4), "kept-test").keepEpochs(true)
        .run(faces, faces, out, checkpoints, false);
    for (int epoch = 1; epoch <= 4; epoch++) {
      ModelDescriptor kept = ModelDirectory.readDescriptor(checkpoints.resolve("epochs").resolve("00" + epoch));
      assertEquals(epoch, ((Number) kept.metrics.get("epoch")).intValue());
    }
    assertEquals(ModelDirectory.readDescriptor(checkpoints.resolve("last")).paramsSha256,
        ModelDirectory.readDescriptor(checkpoints.resolve("epochs").resolve("004")).paramsSha256);

    // A new run from the trained weights starts where they ended, not where random weights start.
    Path fresh = tmp.resolve("fresh");
    TrainingState scratch = new TrainingLoop(recipe(1), "fresh-test").run(faces, faces, fresh, fresh.resolve("c"), false);
    Path started = tmp.resolve("started");
    TrainingState fromTrained = new TrainingLoop(recipe(1), "started-test").startFrom(checkpoints.resolve("last"))
        .run(faces, faces, started, started.resolve("c"), false);
    double scratchLoss = scratch.history.get(0).trainLoss();
    double trainedLoss = trained.history.get(3).trainLoss();
    double startedLoss = fromTrained.history.get(0).trainLoss();
    assertTrue(startedLoss < (scratchLoss + trainedLoss) / 2,
        "a run started from trained weights (loss " + startedLoss + ") should be nearer their loss " + trainedLoss
            + " than a random start's " + scratchLoss);
    assertEquals(1, fromTrained.epochsDone);

    TrainingRecipe wider = new TrainingRecipe(new io.ferspark.model.MobileNetV1.Architecture(0.5f, 2, 2, 0f), 1, 8,
        0.05f, 0.9f, 0f, 0f, 0f, 0f, 0f, 0, Augmentation.NONE, 11);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TrainingLoop(wider, "x").startFrom(checkpoints.resolve("last")));
    assertTrue(e.getMessage().contains("--width"), e.getMessage());
  }

  @Test
  void classWeightsAreNormalisedToMeanOneOverTheTrainingSet() {
    int[] counts = {100, 10, 100, 400, 100, 100, 100};
    float[] sqrt = TrainingLoop.classWeights(counts, 0.5f);
    double mean = 0;
    int total = 0;
    for (int c = 0; c < counts.length; c++) {
      mean += sqrt[c] * counts[c];
      total += counts[c];
    }
    assertEquals(1.0, mean / total, 1e-5);
    assertTrue(sqrt[1] > sqrt[0] && sqrt[0] > sqrt[3], "rarer classes weigh more");
    float[] none = TrainingLoop.classWeights(counts, 0f);
    for (float w : none) {
      assertEquals(1f, w, 1e-6);
    }
  }
}
