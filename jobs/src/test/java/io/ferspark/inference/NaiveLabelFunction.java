package io.ferspark.inference;

import io.ferspark.image.ImageDecodeException;
import io.ferspark.image.ImageDecoder;
import io.ferspark.image.Preprocessing;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The baseline the benchmark compares against: a row-at-a-time function over binaryFile rows
 * (path, content) that decodes one image and runs one forward pass per call. It shares the model
 * holder and keeps a predictor per thread, so only the batching differs from the real job.
 */
public final class NaiveLabelFunction implements MapFunction<Row, Row> {

  private static final ThreadLocal<ExpressionPredictor> PREDICTORS = new ThreadLocal<>();
  private final Broadcast<ModelArtifact> model;
  private final Timestamp labeledAt = Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MICROS));

  public NaiveLabelFunction(Broadcast<ModelArtifact> model) {
    this.model = model;
  }

  @Override
  public Row call(Row row) {
    ModelArtifact artifact = model.value();
    ExpressionPredictor predictor = PREDICTORS.get();
    if (predictor == null) {
      predictor = ModelHolder.acquire(artifact).newPredictor();
      PREDICTORS.set(predictor);
    }
    String path = row.getAs("path");
    byte[] content = row.getAs("content");
    Row modelRow = RowFactory.create(artifact.name(), artifact.sha256());
    try {
      var image = new ImageDecoder().decode(content);
      Prediction p = predictor.predict(List.of(Preprocessing.toModelInput(image))).get(0);
      return LabelPartitionFunction.toRow(new LabeledFile(path, (long) content.length, image.width(), image.height(), p, null),
          modelRow, labeledAt);
    } catch (ImageDecodeException e) {
      return LabelPartitionFunction.toRow(new LabeledFile(path, (long) content.length, null, null, null,
          e.reason() + ": " + e.getMessage()), modelRow, labeledAt);
    }
  }
}
