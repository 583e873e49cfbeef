package io.ferspark.jobs.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferspark.jobs.TestSpark;
import io.ferspark.jobs.storage.CommittedOutput;
import io.ferspark.jobs.storage.StorageFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The S3 server dies in the middle of a Parquet write: the write must fail (bounded retries, no
 * hang), leave nothing that passes for complete output (no _SUCCESS, so readers refuse it), and a
 * rerun once the store is back must leave exactly the rows written once: no partial files and no
 * duplicates from the interrupted attempt.
 */
class S3AInterruptedWriteTest {

  private static final Logger LOG = LoggerFactory.getLogger(S3AInterruptedWriteTest.class);
  private static final long ROWS = 40_000;
  private static final int FILES = 8;

  @TempDir
  static Path tmp;
  private static S3ProxyServer server;
  private static SparkSession spark;

  @BeforeAll
  static void start() throws IOException {
    // Its own server: this test kills it.
    server = S3ProxyServer.start(tmp.resolve("s3"));
    spark = TestSpark.local("s3a-interrupted-write");
    S3ATestConf.apply(spark, server);
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
  void killedServerLeavesNoOutputThatLooksComplete() throws Exception {
    String bucket = S3ATestConf.bucket("interrupted");
    server.createBucket(bucket);
    String output = "s3a://" + bucket + "/labels";
    // Incompressible rows, many files: the write takes long enough to be cut in the middle.
    Dataset<Row> rows = spark.range(0, ROWS, 1, FILES).selectExpr("id", "sha2(cast(id AS STRING), 256) AS payload");

    Path bucketDir = tmp.resolve("s3/data").resolve(bucket);
    CompletableFuture<Long> killed = CompletableFuture.supplyAsync(() -> killWhenFirstPartFileLands(bucketDir));
    long start = System.nanoTime();
    Throwable failure = assertTimeoutPreemptively(Duration.ofSeconds(120),
        () -> assertThrows(Throwable.class, () -> rows.write().parquet(output)));
    long failedAfter = (System.nanoTime() - start) / 1_000_000;
    long killedAfter = (killed.get() - start) / 1_000_000;
    String message = StorageFailure.describe(failure)
        .orElseThrow(() -> new AssertionError("not recognised as a storage failure", failure));
    LOG.info("server killed {} ms into the write; the write failed {} ms later: {}", killedAfter, failedAfter - killedAfter, message);
    assertTrue(message.startsWith("Cannot reach the S3 endpoint of bucket " + bucket), message);
    assertFalse(message.contains(server.secretKey()), message);

    server.restart();
    List<String> left = server.keys(bucket, "labels/");
    LOG.info("left behind by the interrupted write: {} objects, {} outside _temporary", left.size(),
        left.stream().filter(key -> !key.contains("/_temporary/")).count());
    assertFalse(left.contains("labels/_SUCCESS"), left.toString());
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> CommittedOutput.requireComplete(spark, output));
    assertTrue(refused.getMessage().contains("has no _SUCCESS marker"), refused.getMessage());

    // The rerun replaces whatever the dead attempt left.
    rows.write().mode("overwrite").parquet(output);
    Dataset<Row> written = spark.read().parquet(CommittedOutput.requireComplete(spark, output));
    assertEquals(ROWS, written.count());
    assertEquals(ROWS, written.select("id").distinct().count());
    assertEquals(rows.selectExpr("sum(id)").first().getLong(0), written.selectExpr("sum(id)").first().getLong(0));
    List<String> keys = server.keys(bucket, "labels/");
    assertTrue(keys.contains("labels/_SUCCESS"), keys.toString());
    assertFalse(keys.stream().anyMatch(key -> key.contains("_temporary")), keys.toString());
    assertEquals(FILES, keys.stream().filter(key -> key.endsWith(".parquet")).count(), keys.toString());
  }

  /** Polls the server's storage folder; kills the server once a task's part file is stored. Returns when. */
  private static long killWhenFirstPartFileLands(Path bucketDir) {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(bucketDir)) {
        try (Stream<Path> files = Files.walk(bucketDir)) {
          if (files.anyMatch(file -> file.getFileName().toString().endsWith(".parquet"))) {
            server.kill();
            return System.nanoTime();
          }
        } catch (IOException | java.io.UncheckedIOException concurrentlyChanged) {
          // The server is writing there; look again.
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("no part file was stored within 120 s");
  }
}
