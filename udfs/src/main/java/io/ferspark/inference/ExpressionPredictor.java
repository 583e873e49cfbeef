package io.ferspark.inference;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.util.ArrayList;
import java.util.List;

/**
 * One thread's handle on the shared model: a batch of preprocessed faces in, one prediction per
 * face out, one forward pass per call. Not thread-safe (DJL predictors are not): open one per task.
 */
public final class ExpressionPredictor implements AutoCloseable {

  private final Predictor<List<float[]>, List<float[]>> predictor;
  private boolean closed;

  ExpressionPredictor(Predictor<List<float[]>, List<float[]>> predictor) {
    this.predictor = predictor;
  }

  /** Predicts a batch of {@code Preprocessing.toModelInput} arrays in one forward pass. */
  public List<Prediction> predict(List<float[]> inputs) {
    if (inputs.isEmpty()) {
      return List.of();
    }
    List<float[]> probabilities;
    try {
      probabilities = predictor.predict(inputs);
    } catch (TranslateException e) {
      throw new IllegalStateException("Forward pass failed on a batch of " + inputs.size() + " images", e);
    }
    List<Prediction> out = new ArrayList<>(probabilities.size());
    for (float[] p : probabilities) {
      out.add(Prediction.of(p));
    }
    return out;
  }

  /** Idempotent: Spark's task-completion listener and the end of the partition may both close it. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      predictor.close();
    }
  }
}
