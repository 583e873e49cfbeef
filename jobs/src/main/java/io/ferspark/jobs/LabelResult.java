package io.ferspark.jobs;

import java.util.Locale;
import java.util.Map;

/**
 * What a labeling run did, for its summary and for tests.
 *
 * @param loadsByJvm      model loads during this run per executor JVM ("pid@host")
 * @param partitionsByJvm partitions run per executor JVM
 */
public record LabelResult(String output, String modelName, String modelSha256, long filesRead, long labeled,
    Map<String, Long> failedByReason, int partitions, double labelSeconds, double wallSeconds,
    Map<String, Integer> loadsByJvm, Map<String, Integer> partitionsByJvm, long maxLoadMillis) {

  public long failed() {
    return failedByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  public double errorRate() {
    return filesRead == 0 ? 0 : (double) failed() / filesRead;
  }

  public double imagesPerSecond() {
    return labelSeconds > 0 ? filesRead / labelSeconds : 0;
  }

  public int modelLoads() {
    return loadsByJvm.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The lines the job prints on stdout. */
  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "Labeled %d of %d files into %s (model %s, sha256 %s)%n",
        labeled, filesRead, output, modelName, modelSha256.substring(0, 12)));
    s.append(String.format(Locale.ROOT, "  failed: %d (%.2f%%)%s%n", failed(), 100 * errorRate(),
        failedByReason.isEmpty() ? "" : " " + failedByReason));
    s.append(String.format(Locale.ROOT, "  throughput: %.1f images/s over %.1f s of labeling; wall time %.1f s; %d partitions%n",
        imagesPerSecond(), labelSeconds, wallSeconds, partitions));
    s.append(String.format(Locale.ROOT,
        "  model loads: %d in %d executor JVM(s) that ran %d partitions; loads per JVM %s; slowest load %d ms%n",
        modelLoads(), partitionsByJvm.size(), partitions, partitionsByJvm.keySet().stream()
            .map(jvm -> loadsByJvm.getOrDefault(jvm, 0)).toList(), maxLoadMillis));
    return s.toString();
  }
}
