package io.ferspark.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferspark.image.ImageDecoder;
import io.ferspark.labels.Labels;
import io.ferspark.model.ModelDescriptor;
import io.ferspark.model.ModelDirectory;
import io.ferspark.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each shipped model (the single network and the two-network ensemble), run through the labeling
 * library on FER2013 val (PublicTest), must reach the accuracy its model card and model.json record,
 * within half a point.
 */
class ShippedModelAccuracyTest {

  private static final double TOLERANCE = 0.005;

  @ParameterizedTest
  @ValueSource(strings = {"models/fer-mobilenet-v1", "models/fer-mobilenet-v1-ensemble"})
  void reachesTheValAccuracyItsModelCardRecords(String shipped) throws Exception {
    Path modelDir = TestData.projectDir().resolve(shipped);
    Assumptions.assumeTrue(Files.isRegularFile(modelDir.resolve(ModelDirectory.DESCRIPTOR_FILE)),
        "no shipped model at " + modelDir);
    Path val = TestData.fer2013Split("val");
    ModelDescriptor descriptor = ModelDirectory.readDescriptor(modelDir);
    String key = descriptor.testTimeAugmentation().accuracyMetric();
    double recorded = ((Number) descriptor.metrics.get(key)).doubleValue();

    List<Path> files;
    try (Stream<Path> walk = Files.walk(val)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    long correct = 0;
    long total = 0;
    ExpressionModel model = ModelHolder.acquire(modelDir);
    try (ExpressionPredictor predictor = model.newPredictor()) {
      Iterator<ImageFile> images = files.stream().map(ShippedModelAccuracyTest::read).iterator();
      BatchLabeler labeler = new BatchLabeler(images, new ImageDecoder(), predictor, 64);
      while (labeler.hasNext()) {
        LabeledFile row = labeler.next();
        assertTrue(row.ok(), row.path() + " failed: " + row.error());
        String truth = Path.of(row.path()).getParent().getFileName().toString();
        correct += row.prediction().labelIndex() == Labels.indexOf(truth) ? 1 : 0;
        total++;
      }
    }
    assertEquals(files.size(), total);
    double accuracy = (double) correct / total;
    assertEquals(recorded, accuracy, TOLERANCE, "val accuracy of the shipped model (" + key + ")");

    String card = Files.readString(modelDir.resolve("MODEL_CARD.md"));
    String figure = String.format(Locale.ROOT, "%.2f %%", 100 * recorded);
    assertTrue(card.contains(figure), "MODEL_CARD.md should state the recorded accuracy " + figure);
  }

  private static ImageFile read(Path file) {
    try {
      return ImageFile.of(file.toString(), Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
