package io.ferspark.inference;

import io.ferspark.image.ImageDecoder;
import java.sql.Timestamp;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.SerializableConfiguration;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The Spark edge of labeling: adapts a partition of file rows ({@code path}, optional {@code length}
 * and {@code content}) to {@link ImageFile}s, runs them through a {@link BatchLabeler} with this
 * JVM's shared model and a predictor of the task's own, and adapts the results to
 * {@link PredictionSchema} rows. Rows stream through: nothing holds the whole partition.
 */
public final class LabelPartitionFunction implements MapPartitionsFunction<Row, Row> {

  private final Broadcast<ModelArtifact> model;
  private final Broadcast<SerializableConfiguration> hadoopConf;
  private final LabelSettings settings;
  private final int pathIndex;
  private final int lengthIndex;
  private final int contentIndex;
  private final Timestamp labeledAt;
  private final LabelMetrics metrics;

  /** Column indices are of the input schema; -1 means the column is absent (the file is then read here). */
  LabelPartitionFunction(Broadcast<ModelArtifact> model, Broadcast<SerializableConfiguration> hadoopConf,
      LabelSettings settings, int pathIndex, int lengthIndex, int contentIndex, Timestamp labeledAt,
      LabelMetrics metrics) {
    this.model = model;
    this.hadoopConf = hadoopConf;
    this.settings = settings;
    this.pathIndex = pathIndex;
    this.lengthIndex = lengthIndex;
    this.contentIndex = contentIndex;
    this.labeledAt = labeledAt;
    this.metrics = metrics;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    if (!rows.hasNext()) {
      return rows; // an empty partition needs no model
    }
    ModelArtifact artifact = model.value();
    ExpressionModel shared = ModelHolder.acquire(artifact);
    if (metrics != null) {
      metrics.recordPartition(shared);
    }
    ExpressionPredictor predictor = settings.tta() == null ? shared.newPredictor() : shared.newPredictor(settings.tta());
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) context -> predictor.close()); // also on failure or early stop
    }
    FileContentReader reader = new FileContentReader(hadoopConf.value().value(), settings.maxFileBytes());
    Iterator<ImageFile> files = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public ImageFile next() {
        return toImageFile(rows.next(), reader);
      }
    };
    BatchLabeler labeler = new BatchLabeler(files, new ImageDecoder(settings.maxPixels()), predictor, settings.batchSize());
    Row modelRow = RowFactory.create(artifact.name(), artifact.sha256());
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        boolean more = labeler.hasNext();
        if (!more) {
          predictor.close();
        }
        return more;
      }

      @Override
      public Row next() {
        return toRow(labeler.next(), modelRow, labeledAt);
      }
    };
  }

  private ImageFile toImageFile(Row row, FileContentReader reader) {
    String path = row.getString(pathIndex);
    Long length = lengthIndex >= 0 && !row.isNullAt(lengthIndex) ? row.getLong(lengthIndex) : null;
    if (contentIndex >= 0 && !row.isNullAt(contentIndex)) {
      byte[] content = (byte[]) row.get(contentIndex);
      return new ImageFile(path, length != null ? length : (long) content.length, content, null);
    }
    return reader.read(path, length);
  }

  /** One {@link PredictionSchema} row. */
  static Row toRow(LabeledFile file, Row modelRow, Timestamp labeledAt) {
    Prediction p = file.prediction();
    if (p == null) {
      return RowFactory.create(file.path(), file.fileSize(), file.width(), file.height(), null, null, null, null,
          modelRow, labeledAt, PredictionSchema.STATUS_ERROR, file.error());
    }
    Object[] probabilities = new Object[p.probabilities().length];
    for (int c = 0; c < probabilities.length; c++) {
      probabilities[c] = p.probabilities()[c];
    }
    return RowFactory.create(file.path(), file.fileSize(), file.width(), file.height(), p.label(), p.labelIndex(),
        p.confidence(), RowFactory.create(probabilities), modelRow, labeledAt, PredictionSchema.STATUS_OK, null);
  }
}
