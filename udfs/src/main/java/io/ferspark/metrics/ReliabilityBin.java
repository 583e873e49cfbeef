package io.ferspark.metrics;

/** One confidence bin [lower, upper) of the reliability diagram (the last bin includes 1.0). */
public record ReliabilityBin(
    int index, double lower, double upper, long count, long correct, double meanConfidence, double accuracy) {}
