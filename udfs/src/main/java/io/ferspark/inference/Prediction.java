package io.ferspark.inference;

import io.ferspark.labels.Labels;

/** The model's answer for one image: class probabilities in label order, the most likely class and its probability. */
public record Prediction(int labelIndex, float confidence, float[] probabilities) {

  /** The prediction for a probability vector (argmax; the first class wins a tie). */
  public static Prediction of(float[] probabilities) {
    if (probabilities.length != Labels.COUNT) {
      throw new IllegalArgumentException(
          "Expected " + Labels.COUNT + " probabilities, got " + probabilities.length);
    }
    int best = 0;
    for (int c = 1; c < probabilities.length; c++) {
      if (probabilities[c] > probabilities[best]) {
        best = c;
      }
    }
    return new Prediction(best, probabilities[best], probabilities);
  }

  public String label() {
    return Labels.name(labelIndex);
  }
}
