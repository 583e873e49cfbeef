package io.ferspark.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ferspark.metrics.Evaluation;
import io.ferspark.model.ModelDescriptor;
import io.ferspark.model.ModelDirectory;
import io.ferspark.testing.TestData;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * End to end on FER2013 val: label it with the shipped model, evaluate against its class folders,
 * and compare metrics.json's accuracy with the accuracy the model's card (model.json) records.
 * Skipped when the data, the shipped model or the label job is absent.
 */
class Fer2013EvaluationTest {

  private static final String LABEL_JOB = "io.ferspark.jobs.LabelJob";

  @Test
  void shippedModelAccuracyOnValMatchesItsCard(@TempDir Path tmp) throws Exception {
    Path val = TestData.fer2013Split("val");
    Path model = TestData.projectDir().resolve("models/fer-mobilenet-v1");
    Assumptions.assumeTrue(Files.isRegularFile(model.resolve(ModelDirectory.DESCRIPTOR_FILE)),
        "No shipped model at " + model + ": train one and copy it there to run this test");
    Class<?> labelJob;
    try {
      labelJob = Class.forName(LABEL_JOB);
    } catch (ClassNotFoundException e) {
      Assumptions.abort(LABEL_JOB + " is not on the classpath: this test needs the label job");
      return;
    }
    ModelDescriptor card = ModelDirectory.readDescriptor(model);
    String key = card.testTimeAugmentation().accuracyMetric();
    Assumptions.assumeTrue(card.metrics.get(key) instanceof Number, "model.json records no metrics." + key);
    double expected = ((Number) card.metrics.get(key)).doubleValue();

    SparkSession spark = TestSpark.local("Fer2013EvaluationTest");
    Path predictions = tmp.resolve("predictions");
    label(spark, labelJob, "--input", val.toString(), "--output", predictions.toString(), "--model", model.toString());
    Path metrics = tmp.resolve("metrics");
    Evaluation e = EvaluateJob.run(spark, EvaluateJobTest.options("--predictions", predictions.toString(),
        "--ground-truth", val.toString(), "--output", metrics.toString()));

    assertEquals(e.coverage().groundTruth(), e.count(), "every val image labeled and evaluated: " + e.coverage());
    JsonObject json = JsonParser.parseString(Files.readString(metrics.resolve("metrics.json"))).getAsJsonObject();
    assertEquals(expected, json.get("accuracy").getAsDouble(), 0.005,
        "accuracy on " + val + " vs model.json metrics." + key);
  }

  /** Runs the label job the way its tests do: picocli fills its options, then its static run(spark, options). */
  private static void label(SparkSession spark, Class<?> job, String... args) throws Exception {
    Constructor<?> constructor = job.getDeclaredConstructor();
    constructor.setAccessible(true);
    Object options = constructor.newInstance();
    new CommandLine(options).parseArgs(args);
    Method run = Arrays.stream(job.getDeclaredMethods())
        .filter(m -> m.getName().equals("run") && m.getParameterCount() == 2
            && m.getParameterTypes()[0] == SparkSession.class && m.getParameterTypes()[1].isInstance(options))
        .findFirst()
        .orElseThrow(() -> new AssertionError(job + " has no static run(SparkSession, options)"));
    run.setAccessible(true);
    run.invoke(null, spark, options);
  }
}
