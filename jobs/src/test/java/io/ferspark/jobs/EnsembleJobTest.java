package io.ferspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferspark.model.ModelDescriptor;
import io.ferspark.model.ModelDirectory;
import io.ferspark.testing.TestData;
import io.ferspark.training.ImageFolder;
import io.ferspark.training.SyntheticBucket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnsembleJobTest {

  @TempDir Path tmp;

  private static EnsembleJob options(String... args) {
    return JobOptions.parse(new EnsembleJob(), args);
  }

  @Test
  void writesAVerifiedEnsembleWhoseRecordedAccuracyIsReproducedWhenLoaded() throws Exception {
    Path bucket = SyntheticBucket.write(tmp.resolve("bucket"), 3, 5);
    Path a = TestData.initializedModel(tmp.resolve("a"), TestData.TINY, 3);
    Path b = TestData.initializedModel(tmp.resolve("b"), TestData.TINY, 4);
    Path out = tmp.resolve("ens");
    EnsembleJob.Result result = EnsembleJob.run(options("--models", a + "," + b, "--val", bucket.toString(),
        "--output", out.toString(), "--tta", "shift-flip"));

    ModelDescriptor written = ModelDirectory.readDescriptor(out);
    assertEquals(2, written.members.size());
    assertEquals("shift-flip", written.tta);
    assertEquals(SavedModels.digests(a, b), SavedModels.sourceDigests(written, "ensemble_of"));
    assertEquals(result.validation().accuracy(), ((Number) written.metrics.get("val_accuracy")).doubleValue(), 1e-12);
    // One parameters file per member, so no file grows with the ensemble.
    assertEquals(List.of("member-1.params", "member-2.params"), written.members.stream().map(m -> m.paramsFile).toList());
    assertFalse(Files.exists(out.resolve(ModelDirectory.PARAMS_FILE)));

    assertEquals(result.validation(), SavedModels.measure(out, ImageFolder.load(bucket, 0)));
  }

  @Test
  void anEnsembleJoinedWithAnotherNetworkRecordsEveryNetworkSideBySide() throws Exception {
    Path bucket = SyntheticBucket.write(tmp.resolve("bucket"), 2, 4);
    Path a = TestData.initializedModel(tmp.resolve("a"), TestData.TINY, 3);
    Path b = TestData.initializedModel(tmp.resolve("b"), TestData.TINY, 4);
    Path c = TestData.initializedModel(tmp.resolve("c"), TestData.TINY, 5);
    Path pair = tmp.resolve("pair");
    EnsembleJob.run(options("--models", a + "," + b, "--val", bucket.toString(), "--output", pair.toString()));
    Path out = tmp.resolve("three");
    EnsembleJob.Result result = EnsembleJob.run(options("--models", pair + "," + c, "--val", bucket.toString(),
        "--output", out.toString()));

    ModelDescriptor written = ModelDirectory.readDescriptor(out);
    assertEquals(3, written.members.size());
    assertEquals(SavedModels.digests(a, b, c), SavedModels.sourceDigests(written, "ensemble_of"));
    assertEquals(result.validation(), SavedModels.measure(out, ImageFolder.load(bucket, 0)));
  }

  @Test
  void refusesASingleModelAndAnOutputThatIsAnInput() throws Exception {
    Path bucket = SyntheticBucket.write(tmp.resolve("bucket"), 1, 5);
    Path a = TestData.initializedModel(tmp.resolve("a"), TestData.TINY, 3);
    IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> EnsembleJob.run(options(
        "--models", a.toString(), "--val", bucket.toString(), "--output", tmp.resolve("o").toString())));
    assertTrue(one.getMessage().contains("at least two"), one.getMessage());
    IllegalArgumentException same = assertThrows(IllegalArgumentException.class, () -> EnsembleJob.run(options(
        "--models", a + "," + a, "--val", bucket.toString(), "--output", a.toString())));
    assertTrue(same.getMessage().contains("--output"), same.getMessage());
  }
}
