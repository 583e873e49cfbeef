package io.ferspark.jobs;

import io.ferspark.inference.PredictionSchema;
import io.ferspark.labels.Labels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Hand-made prediction tables in the label job's exact schema, written as real Parquet by Spark. */
final class PredictionFixture {

  static final Instant LABELED_AT = Instant.parse("2025-06-01T12:00:00Z");
  private static final Row MODEL = RowFactory.create("fixture-model", "0123456789abcdef0123456789abcdef");

  private final List<Row> rows = new ArrayList<>();

  /**
   * An ok prediction of {@code predicted} with {@code confidence}; {@code runnerUp} gets most of the
   * rest, so it is the second most probable class.
   */
  PredictionFixture ok(String path, int predicted, double confidence, int runnerUp) {
    return ok(path, predicted, confidence, runnerUp, LABELED_AT);
  }

  PredictionFixture ok(String path, int predicted, double confidence, int runnerUp, Instant labeledAt) {
    float[] p = new float[Labels.COUNT];
    float rest = (float) (1 - confidence);
    for (int c = 0; c < Labels.COUNT; c++) {
      p[c] = rest * 0.3f / (Labels.COUNT - 2);
    }
    p[predicted] = (float) confidence;
    p[runnerUp] = rest * 0.7f;
    Object[] probabilities = new Object[Labels.COUNT];
    for (int c = 0; c < Labels.COUNT; c++) {
      probabilities[c] = p[c];
    }
    rows.add(RowFactory.create(path, 1234L, 48, 48, Labels.name(predicted), predicted, (float) confidence,
        RowFactory.create(probabilities), MODEL, Timestamp.from(labeledAt), PredictionSchema.STATUS_OK, null));
    return this;
  }

  PredictionFixture error(String path, String reason) {
    rows.add(RowFactory.create(path, 10L, null, null, null, null, null, null, MODEL, Timestamp.from(LABELED_AT),
        PredictionSchema.STATUS_ERROR, reason));
    return this;
  }

  /** Writes the rows as Parquet into {@code dir} and returns its path. */
  String write(SparkSession spark, Path dir) {
    spark.createDataFrame(rows, PredictionSchema.SCHEMA).coalesce(2).write().parquet(dir.toString());
    return dir.toString();
  }

  /** A real 48x48 grayscale JPEG at {@code file} (folders created). */
  static Path jpeg(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 48; x++) {
        image.getRaster().setSample(x, y, 0, (x * 5 + y * 3) & 0xff);
      }
    }
    ImageIO.write(image, "jpg", file.toFile());
    return file;
  }
}
