package io.ferspark.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import io.ferspark.image.Preprocessing;
import io.ferspark.inference.ExpressionModel;
import io.ferspark.inference.ExpressionPredictor;
import io.ferspark.inference.ModelHolder;
import io.ferspark.inference.Prediction;
import io.ferspark.metrics.Calibration;
import io.ferspark.model.Ensemble;
import io.ferspark.model.ModelDescriptor;
import io.ferspark.model.ModelDirectory;
import io.ferspark.testing.TestData;
import io.ferspark.training.BatchNormStatistics;
import io.ferspark.training.ImageFolder;
import io.ferspark.training.SyntheticBucket;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrateJobTest {

  @TempDir Path tmp;

  private static CalibrateJob options(String... args) {
    return JobOptions.parse(new CalibrateJob(), args);
  }

  /**
   * An untrained network with batch norm statistics measured on {@code faces} (so its features do
   * not vanish) and its classifier scaled up: confident and mostly wrong, so badly calibrated.
   */
  private Path overconfidentModel(String tta, Path faces) throws Exception {
    Path seeded = TestData.initializedModel(tmp.resolve("seeded"), TestData.TINY, 11);
    Path dir = tmp.resolve("overconfident");
    ModelDescriptor descriptor = ModelDirectory.readDescriptor(seeded);
    descriptor.tta = tta;
    try (Model model = ModelDirectory.load(seeded)) {
      BatchNormStatistics.recompute((SequentialBlock) model.getBlock(), ImageFolder.load(faces, 0), 8, model.getNDManager());
      List<Pair<String, Parameter>> params = model.getBlock().getParameters().stream().toList();
      NDArray classifier = params.get(params.size() - 2).getValue().getArray();
      float[] weights = classifier.toFloatArray();
      for (int i = 0; i < weights.length; i++) {
        weights[i] *= 200;
      }
      classifier.set(FloatBuffer.wrap(weights));
      ModelDirectory.save(dir, model.getBlock(), descriptor);
    }
    return dir;
  }

  /** What the labeling path reports for every val face with the model in {@code dir}. */
  private static List<Prediction> label(Path dir, ImageFolder val) {
    List<float[]> faces = new ArrayList<>();
    for (int i = 0; i < val.size(); i++) {
      float[] face = new float[Preprocessing.PIXELS];
      val.copyFace(i, face, 0);
      Preprocessing.standardize(face, 0, face.length);
      faces.add(face);
    }
    ExpressionModel model = ModelHolder.acquire(dir);
    try (ExpressionPredictor predictor = model.newPredictor()) {
      return predictor.predict(faces);
    }
  }

  @Test
  void writesTheSameNetworkWithATemperatureThatTheLabelingPathApplies() throws Exception {
    Path bucket = SyntheticBucket.write(tmp.resolve("bucket"), 6, 3);
    Path input = overconfidentModel("flip", bucket);
    Path out = tmp.resolve("calibrated");
    CalibrateJob.Result result = CalibrateJob.run(options(
        "--model", input.toString(), "--val", bucket.toString(), "--output", out.toString()));

    assertTrue(result.fit().temperature() > 2, result.fit().toString());
    assertTrue(result.fit().nllAfter() < result.fit().nllBefore(), result.fit().toString());
    assertTrue(result.fit().eceAfter() < result.fit().eceBefore(), result.fit().toString());

    ModelDescriptor written = ModelDirectory.readDescriptor(out);
    ModelDescriptor source = ModelDirectory.readDescriptor(input);
    assertEquals(result.fit().temperature(), written.temperature, 1e-12);
    assertEquals(source.paramsSha256, written.paramsSha256);
    assertArrayEquals(Files.readAllBytes(input.resolve(ModelDirectory.PARAMS_FILE)),
        Files.readAllBytes(out.resolve(ModelDirectory.PARAMS_FILE)));

    // The labeling path's confidences at the fitted temperature give the calibration error the fit reported.
    ImageFolder val = ImageFolder.load(bucket, 0);
    List<Prediction> before = label(input, val);
    List<Prediction> after = label(out, val);
    Calibration calibration = new Calibration(Calibration.DEFAULT_BINS);
    long correct = 0;
    double confidenceBefore = 0;
    double confidenceAfter = 0;
    for (int i = 0; i < val.size(); i++) {
      calibration.add(after.get(i).confidence(), after.get(i).labelIndex() == val.label(i));
      correct += after.get(i).labelIndex() == val.label(i) ? 1 : 0;
      confidenceBefore += before.get(i).confidence();
      confidenceAfter += after.get(i).confidence();
    }
    assertTrue(confidenceAfter < confidenceBefore, "a temperature above 1 lowers the confidences");
    assertEquals(result.fit().eceAfter(), calibration.expectedCalibrationError(), 1e-4);
    assertEquals(result.validation().accuracyFlip(), (double) correct / val.size(), 1e-12);
    assertEquals(result.validation().accuracyFlip(), (double) written.metrics.get("val_accuracy_flip_tta"), 1e-12);
  }

  @Test
  void refusesToOverwriteItsInput() throws Exception {
    Path bucket = SyntheticBucket.write(tmp.resolve("bucket"), 1, 5);
    Path model = TestData.initializedModel(tmp.resolve("model"), TestData.TINY, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CalibrateJob.run(options(
        "--model", model.toString(), "--val", bucket.toString(), "--output", model.toString())));
    assertTrue(e.getMessage().contains("--output"), e.getMessage());
  }

  @Test
  void carriesEveryMemberFileOfAnEnsembleOver() throws Exception {
    Path bucket = SyntheticBucket.write(tmp.resolve("bucket"), 2, 5);
    Path a = TestData.initializedModel(tmp.resolve("a"), TestData.TINY, 3);
    Path b = TestData.initializedModel(tmp.resolve("b"), TestData.TINY, 4);
    Path ensemble = tmp.resolve("ensemble");
    try (Model model = Ensemble.fromMembers("ensemble", List.of(a, b))) {
      ModelDirectory.save(ensemble, model.getBlock(),
          ModelDescriptor.ofEnsemble("ensemble", List.of(TestData.TINY, TestData.TINY)));
    }
    Path out = tmp.resolve("calibrated");
    CalibrateJob.run(options("--model", ensemble.toString(), "--val", bucket.toString(), "--output", out.toString()));

    for (String file : List.of("member-1.params", "member-2.params")) {
      assertArrayEquals(Files.readAllBytes(ensemble.resolve(file)), Files.readAllBytes(out.resolve(file)), file);
    }
    assertEquals(ModelDirectory.readDescriptor(ensemble).paramsSha256, ModelDirectory.readDescriptor(out).paramsSha256);
    try (Model loaded = ModelDirectory.load(out)) {
      assertEquals(2, loaded.getBlock().getChildren().size());
    }
  }
}
