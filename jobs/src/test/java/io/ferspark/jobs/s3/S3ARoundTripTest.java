package io.ferspark.jobs.s3;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.sha2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferspark.jobs.TestSpark;
import io.ferspark.jobs.storage.CommittedOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image-folder bucket read through s3a:// gives exactly what the same folder gives from local
 * disk, and Parquet written to s3a:// reads back exactly like Parquet written locally, with a
 * committed layout (_SUCCESS, no leftovers).
 */
@ExtendWith(S3ProxyExtension.class)
class S3ARoundTripTest {

  private static final int PER_CLASS = 40;

  @TempDir
  static Path tmp;
  private static S3ProxyServer server;
  private static SparkSession spark;
  private static String bucket;
  private static Path localImages;
  private static int imageCount;

  @BeforeAll
  static void uploadImages(S3ProxyServer s3) throws IOException {
    server = s3;
    localImages = tmp.resolve("images");
    imageCount = ImageSample.copyFer2013Val(localImages, PER_CLASS);
    bucket = S3ATestConf.bucket("roundtrip");
    server.createBucket(bucket);
    assertEquals(imageCount, server.putTree(bucket, "images", localImages));
    spark = TestSpark.local("s3a-round-trip");
    S3ATestConf.apply(spark, server);
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void imagesAndParquetThroughS3EqualTheLocalFolder() {
    Dataset<Row> fromS3 = images("s3a://" + bucket + "/images").cache();
    Dataset<Row> fromDisk = images(localImages.toUri().toString());
    assertTrue(imageCount >= 6 * PER_CLASS, "a few hundred images: " + imageCount);
    assertEquals(imageCount, fromS3.count());
    assertEquals(fromDisk.collectAsList(), fromS3.collectAsList());

    String s3Table = "s3a://" + bucket + "/tables/images";
    String localTable = tmp.resolve("tables/images").toUri().toString();
    fromS3.write().parquet(s3Table);
    fromDisk.write().parquet(localTable);
    List<Row> tableFromS3 = spark.read().parquet(CommittedOutput.requireComplete(spark, s3Table)).orderBy("file").collectAsList();
    List<Row> localTableRows = spark.read().parquet(localTable).orderBy("file").collectAsList();
    assertEquals(imageCount, tableFromS3.size());
    assertEquals(localTableRows, tableFromS3);

    List<String> keys = server.keys(bucket, "tables/images/");
    assertTrue(keys.contains("tables/images/_SUCCESS"), keys.toString());
    assertTrue(keys.stream().anyMatch(key -> key.endsWith(".parquet")), keys.toString());
    assertFalse(keys.stream().anyMatch(key -> key.contains("_temporary")), keys.toString());
    fromS3.unpersist();
  }

  @Test
  void theShippedCredentialChainFindsKeysFromTheConfiguration() throws IOException {
    String chainBucket = S3ATestConf.bucket("chain");
    server.createBucket(chainBucket);
    server.putTree(chainBucket, "images/happy", localImages.resolve("happy"));
    String chain = S3ATestConf.shipped().get("fs.s3a.aws.credentials.provider");
    assertTrue(chain.contains("EnvironmentVariableCredentialsProvider") && chain.contains("ProfileCredentialsProvider")
        && chain.contains("IAMInstanceCredentialsProvider"), chain);
    S3ATestConf.setForBucket(spark, chainBucket, "aws.credentials.provider", chain);

    assertEquals(PER_CLASS, images("s3a://" + chainBucket + "/images").count());
  }

  /** Every image under {@code root}: path below the root, class folder, size and content hash, sorted. */
  private static Dataset<Row> images(String root) {
    return spark.read().format("binaryFile")
        .option("recursiveFileLookup", "true")
        .option("pathGlobFilter", "*.{jpg,jpeg,png}")
        .load(root)
        .select(regexp_extract(col("path"), "/images/(.*)$", 1).as("file"), col("length"), sha2(col("content"), 256).as("sha256"))
        .withColumn("label", regexp_extract(col("file"), "^([^/]+)/", 1))
        .orderBy("file");
  }
}
