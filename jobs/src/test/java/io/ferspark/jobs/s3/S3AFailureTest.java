package io.ferspark.jobs.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferspark.jobs.TestSpark;
import io.ferspark.jobs.storage.StorageFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wrong credentials, a missing bucket and an unreachable endpoint, each met by a real Spark read
 * (binaryFile) and a real Parquet write of s3a:// paths under the shipped conf/s3a.conf: each must
 * fail within the bound (retries are bounded, nothing hangs), with a message that names the bucket
 * and says what to check, and no secret in the exception, its causes or any log line.
 */
class S3AFailureTest {

  private static final Logger LOG = LoggerFactory.getLogger(S3AFailureTest.class);
  /** Far above the few seconds these take, far below a hang. */
  private static final Duration FAIL_FAST = Duration.ofSeconds(30);

  @TempDir
  static Path tmp;
  private static S3ProxyServer server;
  private static SparkSession spark;
  private static Path images;

  @BeforeAll
  static void startServerAndSpark() throws IOException {
    server = S3ProxyServer.start(tmp.resolve("s3"));
    spark = TestSpark.local("s3a-failures");
    S3ATestConf.apply(spark, server);
    images = Files.createDirectories(tmp.resolve("images/happy"));
    for (int i = 0; i < 3; i++) {
      Files.write(images.resolve("img" + i + ".jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) i});
    }
    // The control: with the right settings the same read works (and S3A's one-time start-up is paid here).
    String bucket = bucketWithImages("control");
    assertEquals(3, spark.read().format("binaryFile").option("recursiveFileLookup", "true")
        .load("s3a://" + bucket + "/images").count());
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void wrongCredentialsFailFastNamingTheBucket() throws IOException {
    String bucket = bucketWithImages("creds");
    String wrongSecret = "wrong-" + UUID.randomUUID();
    S3ATestConf.setForBucket(spark, bucket, "secret.key", wrongSecret);

    for (Executable action : readAndWrite(bucket)) {
      String message = failsFast(action, bucket, wrongSecret);
      assertTrue(message.startsWith("Access to bucket " + bucket + " denied (s3a://" + bucket + "/"), message);
      assertTrue(message.contains("403"), message);
    }
  }

  @Test
  void missingBucketFailsFastNamingTheBucket() {
    String bucket = S3ATestConf.bucket("missing");
    for (Executable action : readAndWrite(bucket)) {
      String message = failsFast(action, bucket, server.secretKey());
      assertTrue(message.startsWith("Bucket " + bucket + " does not exist (s3a://" + bucket + "/"), message);
    }
  }

  @Test
  void unreachableEndpointFailsFastNamingTheBucket() {
    String bucket = S3ATestConf.bucket("offline");
    int closedPort = S3ProxyServer.freeLoopbackPort();
    S3ATestConf.setForBucket(spark, bucket, "endpoint", "http://127.0.0.1:" + closedPort);
    for (Executable action : readAndWrite(bucket)) {
      String message = failsFast(action, bucket, server.secretKey());
      assertTrue(message.startsWith("Cannot reach the S3 endpoint of bucket " + bucket + " (s3a://" + bucket + "/"), message);
      assertTrue(message.contains("127.0.0.1:" + closedPort), message);
    }
  }

  /** A bucket holding the images, readable with the right credentials. */
  private static String bucketWithImages(String purpose) throws IOException {
    String bucket = S3ATestConf.bucket(purpose);
    server.createBucket(bucket);
    server.putTree(bucket, "images", images.getParent());
    return bucket;
  }

  private static Executable[] readAndWrite(String bucket) {
    Executable read = () -> spark.read().format("binaryFile").option("recursiveFileLookup", "true")
        .load("s3a://" + bucket + "/images").count();
    Executable write = () -> spark.range(100).write().mode("overwrite").parquet("s3a://" + bucket + "/labels");
    return new Executable[] {read, write};
  }

  /**
   * Runs {@code action}, which must fail within {@link #FAIL_FAST}; checks that neither the failure
   * nor the log lines written meanwhile hold a secret; returns the operator message for it.
   */
  private static String failsFast(Executable action, String bucket, String otherSecret) {
    long start = System.nanoTime();
    Throwable failure;
    String logs;
    try (CapturedLogs captured = new CapturedLogs()) {
      failure = assertTimeoutPreemptively(FAIL_FAST, () -> assertThrows(Throwable.class, action));
      logs = captured.text();
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    String message = StorageFailure.describe(failure)
        .orElseThrow(() -> new AssertionError("not recognised as a storage failure", failure));
    LOG.info("s3a failure on bucket {} after {} ms: {}", bucket, millis, message);

    String trace = stackTrace(failure);
    for (String secret : new String[] {server.secretKey(), otherSecret}) {
      assertFalse(trace.contains(secret), "the failure carries a secret");
      assertFalse(message.contains(secret), "the message carries a secret");
      assertFalse(logs.contains(secret), "a log line carries a secret");
    }
    assertTrue(trace.contains(bucket), "the failure does not name the bucket");
    return message;
  }

  private static String stackTrace(Throwable failure) {
    StringWriter text = new StringWriter();
    failure.printStackTrace(new PrintWriter(text));
    return text.toString();
  }
}
