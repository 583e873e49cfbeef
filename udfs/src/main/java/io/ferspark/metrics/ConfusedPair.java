package io.ferspark.metrics;

/** An off-diagonal cell: {@code count} images of class {@code truth} predicted as {@code predicted}; {@code rate} = count / support of truth. */
public record ConfusedPair(int truthIndex, int predictedIndex, String truth, String predicted, long count, double rate) {}
