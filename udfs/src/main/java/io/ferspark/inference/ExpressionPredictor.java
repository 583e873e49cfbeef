package io.ferspark.inference;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.util.ArrayList;
import java.util.List;

/**
 * One thread's handle on the shared model: a batch of preprocessed faces in, one prediction per
 * face out, in as few forward passes as keep each pass's activations under
 * {@link ExpressionModel#PASS_ACTIVATION_BYTES}. Not thread-safe (DJL predictors are not): open one per task.
 */
public final class ExpressionPredictor implements AutoCloseable {

  private final Predictor<List<float[]>, List<float[]>> predictor;
  private final int facesPerPass;
  private boolean closed;

  ExpressionPredictor(Predictor<List<float[]>, List<float[]>> predictor, int facesPerPass) {
    this.predictor = predictor;
    this.facesPerPass = facesPerPass;
  }

  /** Predicts a batch of {@code Preprocessing.toModelInput} arrays, {@link ExpressionModel#facesPerPass()} faces per forward pass. */
  public List<Prediction> predict(List<float[]> inputs) {
    List<Prediction> out = new ArrayList<>(inputs.size());
    int passes = (inputs.size() + facesPerPass - 1) / facesPerPass;
    for (int i = 0; i < passes; i++) { // even passes: 64 faces at 28 per pass run as 22 + 21 + 21
      List<float[]> pass = inputs.subList(i * inputs.size() / passes, (i + 1) * inputs.size() / passes);
      List<float[]> probabilities;
      try {
        probabilities = predictor.predict(pass);
      } catch (TranslateException e) {
        throw new IllegalStateException("Forward pass failed on a batch of " + pass.size() + " images", e);
      }
      for (float[] p : probabilities) {
        out.add(Prediction.of(p));
      }
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
