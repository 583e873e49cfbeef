package io.ferspark.inference;

/**
 * One output row before it becomes a Spark Row: a prediction, or an error {@code "<reason>: <message>"}.
 * Width and height are the upright source dimensions, known whenever decoding got that far.
 */
public record LabeledFile(String path, Long fileSize, Integer width, Integer height, Prediction prediction,
    String error) {

  public boolean ok() {
    return prediction != null;
  }

  /** The machine-readable part of {@link #error()} (before the first ": "), or null on success. */
  public String errorReason() {
    return reasonOf(error);
  }

  public static String reasonOf(String error) {
    if (error == null) {
      return null;
    }
    int colon = error.indexOf(": ");
    return colon < 0 ? error : error.substring(0, colon);
  }
}
