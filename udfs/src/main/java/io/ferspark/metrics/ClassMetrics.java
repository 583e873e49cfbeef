package io.ferspark.metrics;

/** One class's row of the per-class table: how often it occurs, is predicted, and is right. */
public record ClassMetrics(
    int index, String label, long support, long predicted, long correct, double precision, double recall, double f1) {}
