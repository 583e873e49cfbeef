package io.ferspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferspark.model.ModelDescriptor;
import io.ferspark.model.ModelDirectory;
import io.ferspark.testing.TestData;
import io.ferspark.training.SyntheticBucket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainJobTest {

  @TempDir Path tmp;

  private static TrainJob options(String... args) {
    return JobOptions.parse(new TrainJob(), args);
  }

  private String[] tinyRun(Path bucket, Path out, String... extra) {
    String[] base = {"--train", bucket.toString(), "--val", bucket.toString(), "--output", out.toString(),
        "--width", "0.25", "--stem-stride", "2", "--epochs", "1", "--warmup-epochs", "0", "--batch-size", "8"};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  @Test
  void distilsATeacherAndRecordsItInTheWrittenModel() throws Exception {
    Path bucket = SyntheticBucket.write(tmp.resolve("bucket"), 2, 5);
    Path teacher = TestData.initializedModel(tmp.resolve("teacher"), TestData.TINY, 3);
    Path out = tmp.resolve("student");
    TrainJob.run(options(tinyRun(bucket, out, "--teacher", teacher.toString(), "--distill-weight", "0.7",
        "--distill-temperature", "3")));

    ModelDescriptor written = ModelDirectory.readDescriptor(out);
    @SuppressWarnings("unchecked")
    Map<String, Object> distillation = (Map<String, Object>) written.training.get("distillation");
    assertEquals(ModelDirectory.readDescriptor(teacher).paramsSha256, distillation.get("teacher_sha256"));
    assertEquals(0.7, ((Number) distillation.get("weight")).doubleValue(), 1e-6);
    assertEquals(3.0, ((Number) distillation.get("temperature")).doubleValue(), 1e-6);
  }

  @Test
  void badDistillationSettingsFailBeforeTheBucketsAreRead() throws Exception {
    Path teacher = TestData.initializedModel(tmp.resolve("teacher"), TestData.TINY, 3);
    Path missingBucket = tmp.resolve("no-such-bucket");
    Path out = tmp.resolve("out");

    IllegalArgumentException weight = assertThrows(IllegalArgumentException.class, () -> TrainJob.run(options(
        tinyRun(missingBucket, out, "--teacher", teacher.toString(), "--distill-weight", "1.5"))));
    assertTrue(weight.getMessage().contains("(0, 1]"), weight.getMessage());
    IllegalArgumentException temperature = assertThrows(IllegalArgumentException.class, () -> TrainJob.run(options(
        tinyRun(missingBucket, out, "--teacher", teacher.toString(), "--distill-temperature", "0"))));
    assertTrue(temperature.getMessage().contains("positive"), temperature.getMessage());
    IllegalArgumentException noTeacher = assertThrows(IllegalArgumentException.class, () -> TrainJob.run(options(
        tinyRun(missingBucket, out, "--teacher", tmp.resolve("no-such-model").toString()))));
    assertTrue(noTeacher.getMessage().contains("no-such-model"), noTeacher.getMessage());
    assertFalse(Files.exists(out), "nothing is written for a refused run");
  }
}
