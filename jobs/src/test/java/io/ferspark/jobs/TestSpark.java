package io.ferspark.jobs;

import org.apache.spark.sql.SparkSession;

/** The SparkSession tests share: local[2], UI off, bound to loopback, small shuffles. */
public final class TestSpark {

  private TestSpark() {}

  public static SparkSession local(String appName) {
    return SparkSession.builder()
        .appName(appName)
        .master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
  }
}
