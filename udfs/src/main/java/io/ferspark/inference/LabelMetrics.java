package io.ferspark.inference;

import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkContext;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Executor-side facts of a labeling run, gathered with accumulators: which JVMs ran partitions and
 * which JVMs loaded the model. "One model per executor" means every JVM that ran partitions loaded
 * the model exactly once (or reused one loaded by an earlier job).
 */
public final class LabelMetrics implements Serializable {

  private final CollectionAccumulator<String> partitionJvms;
  private final CollectionAccumulator<String> loadJvms;
  private final CollectionAccumulator<Long> loadMillis;

  public LabelMetrics(SparkContext sc) {
    this.partitionJvms = sc.collectionAccumulator("fer partitions by JVM");
    this.loadJvms = sc.collectionAccumulator("fer model loads by JVM");
    this.loadMillis = sc.collectionAccumulator("fer model load ms");
  }

  /** The calling JVM, as "pid@host". */
  static String jvm() {
    return ManagementFactory.getRuntimeMXBean().getName();
  }

  void recordPartition(ExpressionModel model) {
    String jvm = jvm();
    partitionJvms.add(jvm);
    if (model.claimLoadReport()) {
      loadJvms.add(jvm);
      loadMillis.add(model.loadMillis());
    }
  }

  /** Partitions run, per JVM. */
  public Map<String, Integer> partitionsByJvm() {
    return countByValue(partitionJvms.value());
  }

  /** Model loads during this run, per JVM. */
  public Map<String, Integer> loadsByJvm() {
    return countByValue(loadJvms.value());
  }

  /** Load times of the loads during this run (ms). */
  public List<Long> loadMillis() {
    return List.copyOf(loadMillis.value());
  }

  private static Map<String, Integer> countByValue(List<String> values) {
    Map<String, Integer> counts = new TreeMap<>();
    for (String v : values) {
      counts.merge(v, 1, Integer::sum);
    }
    return counts;
  }
}
