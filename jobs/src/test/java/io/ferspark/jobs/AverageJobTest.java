package io.ferspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferspark.model.ModelDescriptor;
import io.ferspark.model.ModelDirectory;
import io.ferspark.testing.TestData;
import io.ferspark.training.ImageFolder;
import io.ferspark.training.SyntheticBucket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AverageJobTest {

  @TempDir Path tmp;

  private static AverageJob options(String... args) {
    return JobOptions.parse(new AverageJob(), args);
  }

  @Test
  void writesAVerifiedAverageWhoseRecordedAccuracyIsReproducedWhenLoaded() throws Exception {
    Path bucket = SyntheticBucket.write(tmp.resolve("bucket"), 3, 5);
    Path a = TestData.initializedModel(tmp.resolve("a"), TestData.TINY, 3);
    Path b = TestData.initializedModel(tmp.resolve("b"), TestData.TINY, 4);
    Path out = tmp.resolve("avg");
    AverageJob.Result result = AverageJob.run(options("--models", a + "," + b, "--train", bucket.toString(),
        "--val", bucket.toString(), "--output", out.toString(), "--batch-size", "8"));

    ModelDescriptor written = ModelDirectory.readDescriptor(out);
    assertEquals(SavedModels.digests(a, b), SavedModels.sourceDigests(written, "weight_average_of"));
    assertEquals(result.validation().accuracy(), ((Number) written.metrics.get("val_accuracy")).doubleValue(), 1e-12);

    // The saved parameters include the recomputed batch norm statistics: loading them measures the same.
    assertEquals(result.validation(), SavedModels.measure(out, ImageFolder.load(bucket, 0)));
  }

  @Test
  void recordsTheRecipeOfTheEpochFurthestIntoTraining() throws Exception {
    Path bucket = SyntheticBucket.write(tmp.resolve("bucket"), 2, 4);
    Path late = epochModel(tmp.resolve("late"), 4, 12);
    Path early = epochModel(tmp.resolve("early"), 3, 11);
    Path out = tmp.resolve("avg");
    AverageJob.run(options("--models", early + "," + late, "--train", bucket.toString(), "--val", bucket.toString(),
        "--output", out.toString(), "--batch-size", "8"));

    ModelDescriptor written = ModelDirectory.readDescriptor(out);
    assertEquals(12.0, ((Number) written.training.get("epochs_done")).doubleValue());
    assertEquals(SavedModels.digests(early, late), SavedModels.sourceDigests(written, "weight_average_of"));
  }

  /** A saved network whose descriptor says it is the checkpoint after {@code epoch} epochs. */
  private static Path epochModel(Path dir, long seed, int epoch) throws Exception {
    TestData.initializedModel(dir, TestData.TINY, seed);
    ModelDescriptor descriptor = ModelDirectory.readDescriptor(dir);
    descriptor.training.put("epochs_done", epoch);
    descriptor.metrics.put("epoch", epoch);
    ModelDirectory.writeDescriptor(dir, descriptor);
    return dir;
  }

  @Test
  void refusesToOverwriteOneOfItsInputs() throws Exception {
    Path bucket = SyntheticBucket.write(tmp.resolve("bucket"), 1, 5);
    Path a = TestData.initializedModel(tmp.resolve("a"), TestData.TINY, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AverageJob.run(options(
        "--models", a.toString(), "--train", bucket.toString(), "--val", bucket.toString(), "--output", a.toString())));
    assertTrue(e.getMessage().contains("--output") && e.getMessage().contains("--models"), e.getMessage());
  }
}
