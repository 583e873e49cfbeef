package io.ferspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferspark.model.ModelDescriptor;
import io.ferspark.model.ModelDirectory;
import io.ferspark.testing.TestData;
import io.ferspark.training.ImageFolder;
import io.ferspark.training.SyntheticBucket;
import io.ferspark.training.Validation;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WidenJobTest {

  @TempDir Path tmp;

  private static WidenJob options(String... args) {
    return JobOptions.parse(new WidenJob(), args);
  }

  @Test
  void writesAWiderVerifiedModelThatMeasuresLikeItsSource() throws Exception {
    Path bucket = SyntheticBucket.write(tmp.resolve("bucket"), 3, 5);
    Path narrow = TestData.initializedModel(tmp.resolve("narrow"), TestData.TINY, 3);
    Path out = tmp.resolve("wide");
    WidenJob.Result result = WidenJob.run(options("--model", narrow.toString(), "--width", "0.4",
        "--val", bucket.toString(), "--output", out.toString(), "--noise", "0"));

    ModelDescriptor written = ModelDirectory.readDescriptor(out);
    assertEquals(0.4f, written.width);
    assertTrue(written.multiplyAdds > ModelDirectory.readDescriptor(narrow).multiplyAdds);
    @SuppressWarnings("unchecked")
    Map<String, Object> source = (Map<String, Object>) written.training.get("widened_from");
    assertEquals(ModelDirectory.readDescriptor(narrow).paramsSha256, source.get("params_sha256"));

    ImageFolder val = ImageFolder.load(bucket, 0);
    Validation.Result before = SavedModels.measure(narrow, val);
    Validation.Result after = SavedModels.measure(out, val);
    assertEquals(result.validation(), after);
    assertEquals(before.accuracy(), after.accuracy(), 1e-12);
    assertEquals(before.accuracyFlip(), after.accuracyFlip(), 1e-12);
    assertEquals(before.loss(), after.loss(), 1e-4 * Math.abs(before.loss()));
  }

  @Test
  void refusesToOverwriteItsInputOrToShrink() throws Exception {
    Path bucket = SyntheticBucket.write(tmp.resolve("bucket"), 1, 5);
    Path narrow = TestData.initializedModel(tmp.resolve("narrow"), TestData.TINY, 3);
    IllegalArgumentException same = assertThrows(IllegalArgumentException.class, () -> WidenJob.run(options(
        "--model", narrow.toString(), "--width", "0.5", "--val", bucket.toString(), "--output", narrow.toString())));
    assertTrue(same.getMessage().contains("--output"), same.getMessage());
    IllegalArgumentException shrink = assertThrows(IllegalArgumentException.class, () -> WidenJob.run(options(
        "--model", narrow.toString(), "--width", "0.125", "--val", bucket.toString(), "--output", tmp.resolve("o").toString())));
    assertTrue(shrink.getMessage().contains("at least"), shrink.getMessage());
  }
}
