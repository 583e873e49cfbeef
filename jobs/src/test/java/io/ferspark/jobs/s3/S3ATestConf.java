package io.ferspark.jobs.s3;

import io.ferspark.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * Points a test SparkSession's s3a:// file system at an {@link S3ProxyServer}: the shipped
 * conf/s3a.conf first (so tests exercise the operators' timeouts and retries), then what only a
 * loopback test server needs (endpoint, path-style, plain HTTP, its keys).
 *
 * <p>Hadoop caches one file system per bucket for the whole JVM, so tests use bucket names of their
 * own ({@link #bucket(String)}) and per-bucket keys for deliberate faults.
 */
public final class S3ATestConf {

  private static final String SPARK_HADOOP = "spark.hadoop.";

  private S3ATestConf() {}

  public static void apply(SparkSession spark, S3ProxyServer server) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    shipped().forEach(hadoop::set);
    hadoop.set("fs.s3a.endpoint", server.endpoint());
    hadoop.set("fs.s3a.endpoint.region", S3ProxyServer.REGION);
    hadoop.set("fs.s3a.path.style.access", "true");
    hadoop.set("fs.s3a.connection.ssl.enabled", "false");
    // Tests only: keys from the configuration. Real runs use the provider chain of conf/s3a.conf.
    hadoop.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    hadoop.set("fs.s3a.access.key", server.accessKey());
    hadoop.set("fs.s3a.secret.key", server.secretKey());
  }

  /** Sets {@code fs.s3a.bucket.<bucket>.<key>} (key without the fs.s3a. prefix) for one bucket only. */
  public static void setForBucket(SparkSession spark, String bucket, String key, String value) {
    spark.sparkContext().hadoopConfiguration().set("fs.s3a.bucket." + bucket + "." + key, value);
  }

  /** A bucket name no other test in this JVM uses. */
  public static String bucket(String purpose) {
    return purpose + "-" + Long.toHexString(System.nanoTime());
  }

  /** The Hadoop keys of conf/s3a.conf (spark.hadoop. prefix removed). */
  public static Map<String, String> shipped() {
    Path file = TestData.projectDir().resolve("conf/s3a.conf");
    Map<String, String> keys = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        String[] keyValue = trimmed.split("\\s+", 2);
        if (keyValue[0].startsWith(SPARK_HADOOP) && keyValue.length == 2) {
          keys.put(keyValue[0].substring(SPARK_HADOOP.length()), keyValue[1]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return keys;
  }
}
